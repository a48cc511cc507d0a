using Lapor.Domain.Complaints;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// A submission inserts the new complaint without reading it first. A code that is stored already (a retry under the
/// same Idempotency-Key) is answered from what is stored, and a complaint is acknowledged only once its reminder is
/// stored too. The same rules hold whether the reminder is stored in the insert's commit (Lapor's storage,
/// <see cref="NewComplaintWrittenWithReminderTests"/>) or registered after it (storage that writes one row at a time,
/// <see cref="NewComplaintWriteTests"/>).
/// </summary>
public abstract class NewComplaintWriteContract(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

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
    public async Task A_failed_insert_leaves_neither_a_reminder_nor_a_complaint_behind()
    {
        var start = Now;
        var (unit, id, _) = await FirstAttemptFailsAsync(Fixture.StorageFaults.RefuseNextWrite);

        // Nothing was stored, the reminder neither (in the insert's commit, or never sent after it). Nobody retries.
        Assert.Equal(0, await ReminderRowsAsync(id));
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceToAsync(start + TimeSpan.FromMinutes(11), Step);

        Assert.Equal(0, await ReminderRowsAsync(id));
        Assert.DoesNotContain((await InboxOf(unit)).Items, i => i.ComplaintId == id);
        Assert.Null(await Complaint(id).View(Viewer.Reporter));
    }

    /// <summary>
    /// A new complaint in a fresh unit whose first submission meets <paramref name="refuseOnce"/> (a storage fault armed for
    /// its grain) and is not acknowledged.
    /// </summary>
    protected async Task<(string Unit, string Id, SubmitComplaint Submission)> FirstAttemptFailsAsync(Action<GrainId> refuseOnce)
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = NewSubmission(tree.Unit);
        refuseOnce(Complaint(id).GetGrainId());
        await Assert.ThrowsAnyAsync<TimeoutException>(() => Complaint(id).Submit(submission));
        return (tree.Unit, id, submission);
    }
}

/// <summary>Storage that writes one row at a time: the reminder is registered after the insert, and may fail alone.</summary>
[Collection(ReminderAfterInsertCollection.Name)]
public sealed class NewComplaintWriteTests(ReminderAfterInsertFixture fixture) : NewComplaintWriteContract(fixture)
{
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
        await InboxLineAsync(unit, id, "the inbox line after the retry");

        await AssertEscalatedOnTimeAsync(id, start, Step);
    }

    [Fact]
    public async Task A_retry_in_the_same_activation_after_a_refused_reminder_arms_it()
    {
        var (unit, id, submission) = await FirstAttemptFailsAsync(Fixture.ReminderFaults.RefuseNextUpsert);
        var retried = await Complaint(id).Submit(submission);

        Assert.True(retried.Replayed);
        Assert.Equal(1, await ReminderRowsAsync(id));
        await InboxLineAsync(unit, id, "the inbox line after the retry");
    }
}

/// <summary>Lapor's storage: the reminder's row is stored in the insert's commit, with no call to the reminder service.</summary>
[Collection(EngineCollection.Name)]
public sealed class NewComplaintWrittenWithReminderTests(EngineClusterFixture fixture) : NewComplaintWriteContract(fixture)
{
    [Fact]
    public async Task A_submission_is_acknowledged_with_its_reminder_while_the_reminder_service_cannot_write()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = NewSubmission(tree.Unit);
        Fixture.ReminderFaults.RefuseNextUpsert(Complaint(id).GetGrainId());

        // Storage that registers the reminder after the insert fails this submission (NewComplaintWriteTests).
        var created = await Complaint(id).Submit(submission);

        Assert.True(created.Succeeded, created.Rejection?.Message);
        Assert.False(created.Replayed);
        Assert.Equal(1, await ReminderRowsAsync(id));
        await InboxLineAsync(tree.Unit, id);
    }

}
