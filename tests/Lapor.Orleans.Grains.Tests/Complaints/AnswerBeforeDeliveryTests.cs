using Lapor.Domain.Complaints;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// A submission is answered once the new complaint and its reminder are stored, while its notices are still on their way
/// to the inbox. The reminder is first armed for the delivery check a minute later (the engine's default), so a complaint
/// whose notices never arrived (its silo died right after the answer) reaches its inbox by that check, and the check
/// re-arms the reminder for the real deadline. A complaint whose notices arrived has its reminder moved on to the deadline
/// right after the delivery.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AnswerBeforeDeliveryTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeliveryCheck = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_submission_whose_notices_did_not_arrive_is_answered_and_reaches_its_inbox_at_the_delivery_check()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        Fixture.LedgerFaults.RefuseNextTransaction(tree.Unit);
        var id = await SubmitAsync(tree.Unit);

        // The silo "dies" before its retry: the activation and its redelivery timer go, the stored complaint stays.
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceToAsync(start + DeliveryCheck - Step, Step);
        Assert.DoesNotContain((await InboxOf(tree.Unit)).Items, i => i.ComplaintId == id);

        await AdvanceToAsync(start + DeliveryCheck, Step);
        var line = await InboxLineAsync(tree.Unit, id, "the inbox line at the delivery check");
        Assert.Equal(ComplaintStatus.Submitted, Assert.Single(line.Items, i => i.ComplaintId == id).Status);

        // The check moved the reminder on to the deadline: the escalation comes at the ten-minute limit, not later.
        await AssertEscalatedOnTimeAsync(id, start, Step);
    }

    [Fact]
    public async Task A_delivered_complaints_reminder_moves_on_to_the_deadline_without_a_tick_at_the_delivery_check()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);
        await InboxLineAsync(tree.Unit, id);
        await WaitUntilAsync(() => ReminderVersionAsync(id), v => v == 1, "the reminder's move after the delivery");

        // The first alarm (the 50 % warning) is five minutes away: nothing may wake the complaint before it.
        await AdvanceToAsync(start + DeliveryCheck + Step, Step);
        Assert.Equal(0, Fixture.Reminders.DeliveredTo(Complaint(id).GetGrainId()));
        var view = await SettleAsync(id);
        Assert.Equal(1, view.Version);
        Assert.Equal(["submitted"], view.Timeline.Select(e => e.Action));
        Assert.Equal(1, await ReminderRowsAsync(id));

        await AssertEscalatedOnTimeAsync(id, start, Step);
    }

    [Fact]
    public async Task A_reminder_stored_with_the_insert_is_moved_once_a_failed_first_delivery_is_redelivered()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        var id = NewSubmission(tree.Unit);

        // The first delivery fails and so does the reminder's move to the delivery check after it: only the row the
        // insert stored (version 0) exists, and this silo's reminder service has not been told of it.
        using var deferred = new InstrumentTotal(EngineMetrics.MeterName, "lapor.complaints.deliveries.deferred");
        Fixture.LedgerFaults.RefuseNextTransaction(tree.Unit);
        Fixture.ReminderFaults.RefuseNextUpsert(Complaint(id.Id).GetGrainId());
        Assert.True((await Complaint(id.Id).Submit(id.Submission)).Succeeded);

        // The first delivery, answered ahead of, fails and starts its redelivery timer: a clock moved before that would
        // leave the timer due after the last step, on a machine slow enough.
        await WaitUntilAsync(() => Task.FromResult(deferred.Total), n => n > 0, "the first delivery deferred");

        // The redelivery timer delivers and then registers the reminder (moved on to the first alarm: version 1).
        await AdvanceToAsync(start + Step, Step);
        await InboxLineAsync(tree.Unit, id.Id, "the redelivered inbox line");
        await WaitUntilAsync(() => ReminderVersionAsync(id.Id), v => v == 1, "the reminder registered after the redelivery");
        await AssertEscalatedOnTimeAsync(id.Id, start, Step);
    }

    [Fact]
    public async Task An_action_taken_right_after_the_answer_follows_the_submissions_notices_into_the_inbox()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var id = await SubmitAsync(tree.Unit);
        var held = await ExecuteAsync(id, new HoldAction("Mohon lampirkan foto lokasi."), AdminOf(tree.Unit));
        Assert.NotEqual(ComplaintStatus.Submitted, held.Status);

        // The action waited for the submission's delivery: the inbox ends at the action's line, whatever the timing.
        await WaitUntilAsync(() => InboxOf(tree.Unit), p => p.Items.Any(i => i.ComplaintId == id && i.Status == held.Status),
            "the inbox line after the action");
        await QuiesceAsync();
        Assert.Equal(held.Status, Assert.Single((await InboxOf(tree.Unit)).Items, i => i.ComplaintId == id).Status);
    }

    [Fact]
    public async Task A_delivered_new_complaint_leaves_memory_and_its_next_call_reads_it_from_storage()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);
        await InboxLineAsync(tree.Unit, id);
        await WaitUntilAsync(ActiveComplaintsAsync, active => !active.Contains(id), "the complaint's activation gone after its delivery");

        // Read back from storage: the submission as answered, still escalated on time by the reminder it left behind.
        var view = await StaffView(id);
        Assert.Equal(ComplaintStatus.Submitted, view.Status);
        Assert.Equal(1, view.Version);
        await AssertEscalatedOnTimeAsync(id, start, Step);
    }

    /// <summary>The keys of every grain activated in the cluster right now (complaints among them).</summary>
    private async Task<HashSet<string>> ActiveComplaintsAsync()
    {
        var stats = await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. stats.Select(s => s.GrainId.Key.ToString()!)];
    }
}
