using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// A submission inserts the new complaint without reading it first. A code that is stored already (a retry under the
/// same Idempotency-Key) is answered from what is stored, and a complaint is acknowledged only once its reminder is
/// stored too. The same rules hold whether the reminder goes out with the insert (Lapor's storage,
/// <see cref="NewComplaintWrittenWithReminderTests"/>) or follows it (storage that writes one row at a time, below).
/// </summary>
public abstract class NewComplaintWriteContract(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    /// <summary>Whether the reminder is written at the same time as the insert (and so is stored when the insert fails).</summary>
    protected abstract bool ReminderGoesWithInsert { get; }

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_resubmission_reaching_a_new_activation_is_replayed_and_keeps_the_stored_deadline()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        var (id, submission) = NewSubmission(tree.Unit);
        var first = await Complaint(id).Submit(submission);
        Assert.True(first.Succeeded, first.Rejection?.Message);

        await AdvanceAsync(TimeSpan.FromMinutes(3), Step);
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        var again = await Complaint(id).Submit(submission);

        Assert.True(again.Replayed);
        Assert.Equal(first.View!.Version, again.View!.Version);
        Assert.Equal(first.View.Deadline, again.View.Deadline);

        // The retry moved no reminder: the escalation still comes ten minutes after the first submission, not after the retry.
        await AssertEscalatedOnTimeAsync(id, start, Step);
    }

    [Fact]
    public async Task Another_report_under_a_stored_code_is_refused_and_the_stored_one_is_unchanged()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = NewSubmission(tree.Unit);
        var first = await Complaint(id).Submit(submission);
        await Fixture.Cluster.DeactivateAsync(Complaint(id));

        var other = submission with { Report = submission.Report with { Title = "Laporan lain" }, RequestHash = "req-other" };
        var refused = await Complaint(id).Submit(other);

        Assert.Equal(RejectionKind.IdempotencyConflict, refused.Rejection?.Kind);
        var stored = await StaffView(id);
        Assert.Equal(first.View!.Version, stored.Version);
        Assert.Equal(submission.Report.Title, stored.Title);
    }

    [Fact]
    public async Task A_new_complaint_whose_reminder_is_not_stored_is_not_acknowledged_and_its_retry_arms_the_deadline()
    {
        var start = Now;
        var (unit, id, submission) = await FirstAttemptFailsAsync(Fixture.ReminderFaults.RefuseNextUpsert);
        Assert.Equal(0, await ReminderRowsAsync(id));

        // The client retries under the same key after the activation left memory: the stored complaint answers and is armed.
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        var retried = await Complaint(id).Submit(submission);
        Assert.True(retried.Replayed);
        Assert.Equal(1, await ReminderRowsAsync(id));
        await InboxLineAsync(unit, id);

        await AssertEscalatedOnTimeAsync(id, start, Step);
    }

    [Fact]
    public async Task A_retry_in_the_same_activation_after_a_refused_reminder_arms_it()
    {
        var (unit, id, submission) = await FirstAttemptFailsAsync(Fixture.ReminderFaults.RefuseNextUpsert);
        var retried = await Complaint(id).Submit(submission);

        Assert.True(retried.Replayed);
        Assert.Equal(1, await ReminderRowsAsync(id));
        await InboxLineAsync(unit, id);
    }

    [Fact]
    public async Task A_submission_whose_write_fails_is_not_acknowledged_and_its_retry_stores_it()
    {
        var (_, id, submission) = await FirstAttemptFailsAsync(Fixture.StorageFaults.RefuseNextWrite);
        var retried = await Complaint(id).Submit(submission);

        // Created by the retry, not answered from the first attempt's change that never reached storage.
        Assert.True(retried.Succeeded, retried.Rejection?.Message);
        Assert.False(retried.Replayed);
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        Assert.Equal(1, (await StaffView(id)).Version);
        Assert.Equal(1, await ReminderRowsAsync(id));
    }

    [Fact]
    public async Task A_failed_insert_leaves_no_reminder_behind_once_the_deadline_has_passed()
    {
        var start = Now;
        var (unit, id, _) = await FirstAttemptFailsAsync(Fixture.StorageFaults.RefuseNextWrite);

        // Written with the insert, the reminder was stored; after it, it never was. Nobody retries.
        Assert.Equal(ReminderGoesWithInsert ? 1 : 0, await ReminderRowsAsync(id));
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceToAsync(start + TimeSpan.FromMinutes(11), Step);

        // Its tick finds no complaint and removes it.
        await WaitUntilAsync(() => ReminderRowsAsync(id), rows => rows == 0, "no reminder");
        Assert.DoesNotContain((await InboxOf(unit)).Items, i => i.ComplaintId == id);
        Assert.Null(await Complaint(id).View(Viewer.Reporter));
    }

    /// <summary>
    /// A new complaint in a fresh unit whose first submission meets <paramref name="refuseOnce"/> (a storage fault armed for
    /// its grain) and is not acknowledged.
    /// </summary>
    private async Task<(string Unit, string Id, SubmitComplaint Submission)> FirstAttemptFailsAsync(Action<GrainId> refuseOnce)
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = NewSubmission(tree.Unit);
        refuseOnce(Complaint(id).GetGrainId());
        await Assert.ThrowsAnyAsync<TimeoutException>(() => Complaint(id).Submit(submission));
        return (tree.Unit, id, submission);
    }

    private Task<InboxPage> InboxLineAsync(string agencyId, string id) =>
        WaitUntilAsync(() => InboxOf(agencyId), p => p.Items.Any(i => i.ComplaintId == id), "the inbox line after the retry");
}

[Collection(ReminderAfterInsertCollection.Name)]
public sealed class NewComplaintWriteTests(ReminderAfterInsertFixture fixture) : NewComplaintWriteContract(fixture)
{
    protected override bool ReminderGoesWithInsert => false;
}

[Collection(EngineCollection.Name)]
public sealed class NewComplaintWrittenWithReminderTests(EngineClusterFixture fixture) : NewComplaintWriteContract(fixture)
{
    protected override bool ReminderGoesWithInsert => true;
}
