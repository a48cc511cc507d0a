using Lapor.Domain.Complaints;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// A complaint stays readable while its notices wait on an agency that does not answer (its database rows locked, its
/// silo hung): reads (the staff view, the reporter's secret check, the scope the front door authorizes with) answer from
/// the stored state at once, whichever delivery is waiting: the one after the submission's answer, a retry after a
/// failure, or the one a first read starts for notices a crash left behind. Changes still wait for it (the outbox is
/// never used by two turns; <see cref="AnswerBeforeDeliveryTests"/>).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ReadDuringDeliveryTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    /// <summary>Far below the 30 s a call waits for a grain's answer, and above any real read on a busy machine.</summary>
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_complaint_is_read_while_the_delivery_after_its_answer_waits_on_its_agency()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = NewSubmission(tree.Unit);
        await WhileHeldAsync(tree.Unit, async () =>
        {
            Assert.True((await Complaint(id).Submit(submission)).Succeeded);
            await HeldAtAsync(tree.Unit, "the delivery at the held agency");

            await AssertReadableAsync(id, submission.SecretHash);
        });

        await InboxLineAsync(tree.Unit, id, "the inbox line once the agency answers");
    }

    [Fact]
    public async Task A_complaint_is_read_while_the_retry_of_a_failed_delivery_waits_on_its_agency()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = await SubmitWithFailedFirstDeliveryAsync(tree.Unit);

        // The retry's timer (due within three seconds) fires on the clock and its delivery waits at the held agency. The
        // clock stops well before the delivery check, whose tick, a change, would wait for that delivery too.
        await WhileHeldAsync(tree.Unit, async () =>
        {
            await AdvanceAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
            await HeldAtAsync(tree.Unit, "the retry at the held agency");

            await AssertReadableAsync(id, submission.SecretHash);
        });

        await InboxLineAsync(tree.Unit, id, "the retried inbox line");
    }

    [Fact]
    public async Task A_first_read_of_a_complaint_with_notices_left_behind_answers_and_delivers_them_in_the_background()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var (id, submission) = await SubmitWithFailedFirstDeliveryAsync(tree.Unit);

        // The silo "dies" before the retry: the stored complaint keeps its undelivered notices.
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await WhileHeldAsync(tree.Unit, async () =>
        {
            await AssertReadableAsync(id, submission.SecretHash);
            await HeldAtAsync(tree.Unit, "the delivery the read started, at the held agency");
        });

        await InboxLineAsync(tree.Unit, id, "the inbox line the read's delivery stored");
    }

    /// <summary>A new complaint at <paramref name="agencyId"/> whose first delivery failed and was left for its retry.</summary>
    private async Task<(string Id, SubmitComplaint Submission)> SubmitWithFailedFirstDeliveryAsync(string agencyId)
    {
        using var deferred = new InstrumentTotal(EngineMetrics.MeterName, "lapor.complaints.deliveries.deferred");
        var (id, submission) = NewSubmission(agencyId);
        Fixture.LedgerFaults.RefuseNextTransaction(agencyId);
        Assert.True((await Complaint(id).Submit(submission)).Succeeded);
        await WaitUntilAsync(() => Task.FromResult(deferred.Total), n => n > 0, "the first delivery deferred");
        return (id, submission);
    }

    /// <summary>Runs <paramref name="body"/> with the agency's ledger held, and lets it go whatever happens.</summary>
    private async Task WhileHeldAsync(string agencyId, Func<Task> body)
    {
        Fixture.LedgerFaults.Hold(agencyId);
        try
        {
            await body();
        }
        finally
        {
            Fixture.LedgerFaults.Release(agencyId);
        }
    }

    private Task<int> HeldAtAsync(string agencyId, string what) =>
        WaitUntilAsync(() => Task.FromResult(Fixture.LedgerFaults.Waiting(agencyId)), n => n > 0, what);

    private async Task AssertReadableAsync(string id, string secretHash)
    {
        var complaint = Complaint(id);
        Assert.Equal(ComplaintStatus.Submitted, (await StaffView(id).WaitAsync(ReadLimit)).Status);
        Assert.True(await complaint.VerifySecret(secretHash).WaitAsync(ReadLimit));
        Assert.NotNull(await complaint.GetScope().WaitAsync(ReadLimit));
    }
}
