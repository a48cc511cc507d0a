namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// A reminder move whose answer is lost (its silo died after writing the row): the change is stored anyway and the
/// deadlines after it still fire on time.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class LostReminderAnswerTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_warning_whose_reminder_move_loses_its_answer_is_stored_and_the_escalation_fires_on_time()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);
        await WaitUntilAsync(() => ReminderVersionAsync(id), v => v == 1, "the reminder's move after the submission's delivery");

        // The 50 % tick moves the reminder later, to the 75 % point: that row is stored, its answer lost.
        Fixture.ReminderFaults.LoseNextUpsertAnswer(Complaint(id).GetGrainId());
        await AdvanceAsync(TimeSpan.FromMinutes(6), Step);

        // The tick may still be on its way on a busy machine: wait for the warning, then read it back from storage.
        await WaitUntilAsync(() => StaffView(id), v => Count(v, "warning-50") == 1, "the 50 % warning");
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        var afterWarning = await StaffView(id);
        Assert.Equal(1, Count(afterWarning, "warning-50"));

        var escalated = await AssertEscalatedOnTimeAsync(id, start, Step);
        Assert.Equal(1, Count(escalated, "warning-75"));
    }
}
