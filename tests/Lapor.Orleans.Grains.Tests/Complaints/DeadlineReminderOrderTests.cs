namespace Lapor.Grains.Tests.Complaints;

/// <summary>The order of a complaint's state write and its reminder's move (the reminder never fires late).</summary>
public sealed class DeadlineReminderOrderTests
{
    private static readonly DateTimeOffset Stored = new(2026, 4, 6, 2, 0, 0, TimeSpan.Zero);

    public static TheoryData<DateTimeOffset?, DateTimeOffset?, bool> Cases => new()
    {
        // A stored complaint with no alarm yet (none stored counts as "never"): its first deadline is armed first.
        { null, Stored, true },
        // Moving earlier or staying: armed first (an early tick is harmless).
        { Stored, Stored.AddMinutes(-1), true },
        { Stored, Stored, true },
        // Moving later (a warning or an escalation passed): the write first.
        { Stored, Stored.AddTicks(1), false },
        { Stored, Stored.AddDays(3), false },
        // No deadline left: the write first, then the reminder goes.
        { Stored, null, false },
        { null, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_reminder_is_armed_before_the_write_only_when_it_does_not_move_later(DateTimeOffset? storedAlarm, DateTimeOffset? nextAlarm,
        bool armFirst) =>
        Assert.Equal(armFirst, Lapor.Grains.Complaints.DeadlineReminderOrder.ArmBeforeWrite(creating: false, storedAlarm, nextAlarm));

    [Fact]
    public void A_write_that_creates_the_complaint_goes_before_its_reminder() =>
        Assert.False(Lapor.Grains.Complaints.DeadlineReminderOrder.ArmBeforeWrite(creating: true, null, Stored));
}
