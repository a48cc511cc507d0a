namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// With <c>Lapor:Engine:AnswerBeforeDelivery=false</c> a submission is answered once its notices are in the inbox, and
/// the reminder stored with its insert is registered with the reminder service before that answer, so its first alarm
/// fires on time without waiting for the service's next read of the table.
/// </summary>
[Collection(DeliverBeforeAnswerCollection.Name)]
public sealed class DeliverBeforeAnswerTests(DeliverBeforeAnswerFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_submission_is_answered_with_its_inbox_line_and_its_reminder_registered_for_the_first_alarm()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);

        // Already in the inbox at the answer; the reminder moved from the row the insert stored (version 0) to version 1.
        Assert.Contains((await InboxOf(tree.Unit)).Items, i => i.ComplaintId == id);
        Assert.Equal(1, await ReminderVersionAsync(id));

        // The 50 % warning comes at five minutes, stamped within a step.
        await AdvanceToAsync(start + TimeSpan.FromMinutes(5) + Step, Step);
        var warned = await WaitUntilAsync(() => StaffView(id), v => Count(v, "warning-50") == 1, "the 50 % warning");
        Assert.InRange(Single(warned, "warning-50").At, start + TimeSpan.FromMinutes(5), start + TimeSpan.FromMinutes(5) + Step);
    }
}
