using Lapor.Domain.Complaints;
using Lapor.Grains.Complaints;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>
/// docs/domain.md §5.1 on the engine: the sweep (every minute in this fixture) erases a final report's reporter data a
/// retention later (an hour here), in the complaint and in the messages sent to the reporter; a stale row in the
/// erasure index is put right by the report it wakes.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ReporterDataErasureTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_archived_report_loses_its_reporter_and_the_messages_sent_to_them_an_hour_later()
    {
        var tree = await DefineTreeAsync(Short());
        var (id, submission) = NewSubmission(tree.Unit);
        submission = submission with { Contact = new ReporterContact("Siti Rahayu", "siti.rahayu@example.id", "+6281234567890") { NotifyStatus = true } };
        Assert.True((await Complaint(id).Submit(submission)).Succeeded);
        var archived = await ExecuteAsync(id, new ArchiveAction("Laporan ganda."), AdminOf(tree.Unit));
        var archivedAt = Single(archived, "archived").At;
        await WaitUntilAsync(() => ReporterMessagesAsync(id), rows => rows.Count > 0, "the reporter's status e-mail recorded");

        await AdvanceToAsync(archivedAt + TimeSpan.FromMinutes(59), Step);
        Assert.NotNull((await SettleAsync(id)).Reporter);
        Assert.Contains(await ReporterMessagesAsync(id), r => r.Contains("siti.rahayu", StringComparison.Ordinal));

        await AdvanceToAsync(archivedAt + TimeSpan.FromMinutes(62), Step);
        var erased = await WaitUntilAsync(() => StaffView(id), v => Count(v, "reporter-data-erased") == 1, "the erasure");
        Assert.Null(erased.Reporter);
        var reporter = (await Complaint(id).View(Viewer.Reporter))!;
        Assert.Null(reporter.Reporter);
        Assert.Contains(reporter.Timeline, e => e.Action == "reporter-data-erased");
        var messages = await ReporterMessagesAsync(id);
        Assert.NotEmpty(messages);
        Assert.All(messages, r => Assert.Matches(@"^erased:[0-9]+\|\|$", r));
    }

    [Fact]
    public async Task A_row_left_behind_by_a_reopen_wakes_the_report_which_removes_it_and_keeps_its_reporter()
    {
        var id = await SubmitAsync(null);
        // A row as if a removal had failed: the report is open, so nothing of it is due.
        await Fixture.Erasures.ScheduleAsync(id, Now - TimeSpan.FromMinutes(5));

        Assert.Equal(1, await Grains.GetGrain<IReporterDataSweepGrain>(0).Sweep());

        Assert.Null(await ErasureRowAsync(id));
        Assert.NotNull((await StaffView(id)).Reporter);
    }

    [Fact]
    public async Task The_sweep_is_one_reminder_named_by_its_period_and_a_silo_start_does_not_move_it()
    {
        var sweep = Grains.GetGrain<IReporterDataSweepGrain>(0);
        var before = await SweepRemindersAsync();

        // Later (a silo restarted), the same period: the reminder is left where it was, not moved a period on.
        Clock.Advance(TimeSpan.FromSeconds(10));
        await sweep.Start();
        await sweep.Start();

        Assert.StartsWith("sweep-60s|", Assert.Single(before), StringComparison.Ordinal);
        Assert.Equal(before, await SweepRemindersAsync());
    }

    /// <summary>The sweep grain's reminders as "name|start", read straight from SQLite.</summary>
    private Task<List<string>> SweepRemindersAsync() => SqliteReads.TextAsync(Fixture.ConnectionString,
        "SELECT reminder_name || '|' || start_time FROM lapor_reminders WHERE grain_id LIKE '%reporterdatasweep%' ORDER BY reminder_name");

    private Task<List<string>> ReporterMessagesAsync(string complaintId) => SqliteReads.ReporterMessagesAsync(Fixture.ConnectionString, complaintId);
}
