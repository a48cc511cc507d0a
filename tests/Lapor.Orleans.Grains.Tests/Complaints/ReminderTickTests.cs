namespace Lapor.Grains.Tests.Complaints;

/// <summary>Reminder ticks called directly: early, duplicate and late ticks.</summary>
[Collection(EngineCollection.Name)]
public sealed class ReminderTickTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    /// <summary>
    /// Calls the complaint's reminder entry point the way the reminder service does: the complaint grain implements
    /// <see cref="IRemindable"/>, itself a grain interface, so a reference cast to it reaches ReceiveReminder.
    /// </summary>
    private Task Tick(string id) =>
        Complaint(id).AsReference<IRemindable>().ReceiveReminder("deadline",
            new TickStatus(Now.UtcDateTime, TimeSpan.FromMinutes(1), Now.UtcDateTime));

    [Fact]
    public async Task Duplicate_early_and_late_reminder_ticks_change_nothing_they_should_not()
    {
        var tree = await DefineTreeAsync(Short(verification: 10, escalated: 4));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);
        var submitted = await StaffView(id);

        // Early: nothing is due yet.
        await Tick(id);
        await Tick(id);
        var early = await StaffView(id);
        Assert.Equal(submitted.Version, early.Version);
        Assert.Equal(submitted.Timeline.ToArray(), early.Timeline.ToArray());

        // Twice at the same instant, just past the 50 % point (the real reminder may also fire at this instant).
        Clock.SetUtcNow(start + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await Tick(id);
        var first = await StaffView(id);
        await Tick(id);
        var second = await SettleAsync(id);
        Assert.Equal(submitted.Version + 1, first.Version);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.Timeline.ToArray(), second.Timeline.ToArray());
        Assert.Equal(1, Count(second, "warning-50"));

        // Late: one jump far beyond the 75 % point, the due time and what the next holders would get, then a tick
        // at once. One level only, the skipped 75 % warning dropped, and the fresh deadline starts now.
        var late = start + TimeSpan.FromMinutes(60);
        Clock.SetUtcNow(late);
        await Tick(id);
        await Tick(id);
        var after = await SettleAsync(id);
        Assert.Equal(1, Count(after, "escalated"));
        Assert.Equal(0, Count(after, "warning-75"));
        Assert.Equal(second.Version + 1, after.Version);
        Assert.Equal(tree.City, after.Deadline!.HolderAgencyId);
        Assert.Equal(late, after.Deadline.StartedAt);
        Assert.Equal(late + TimeSpan.FromMinutes(4), after.Deadline.DueAt);
        var record = Assert.Single(await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Length == 1, "the escalation record"));
        Assert.Equal(late, record.At);
        Assert.Equal(start + TimeSpan.FromMinutes(10), record.MissedDueAt);
        Assert.Equal(1, (await Agency(tree.Unit).GetSummary())!.Counters.Breached);
    }
}
