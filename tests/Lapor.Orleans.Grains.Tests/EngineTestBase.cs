using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains.Agencies;
using Lapor.Grains.Complaints;
using Lapor.Grains.Indexes;
using Microsoft.Extensions.Time.Testing;

namespace Lapor.Grains.Tests;

/// <summary>Base for the engine tests: the clock helpers, the agency tree and complaint helpers.</summary>
public abstract class EngineTestBase(EngineClusterFixture fixture)
{
    protected static readonly Actor NationalAdmin = new("admin-nasional", ActorRole.NationalAdmin, AgencyIds.National);

    protected EngineClusterFixture Fixture { get; } = fixture;

    protected IGrainFactory Grains => Fixture.Grains;

    protected FakeTimeProvider Clock => Fixture.Clock;

    protected DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Short limits in minutes: verification 10, escalated 4, hold 30, auto-close 20; routed work an hour or more.</summary>
    protected static SlaPolicy Short(int verification = 10, int escalated = 4, int holdExpiry = 30, int autoClose = 20) => new()
    {
        Verification = SlaLimit.Minutes(verification),
        FirstResponse = SlaLimit.Minutes(60),
        ResolutionLight = SlaLimit.Minutes(120),
        ResolutionNormative = SlaLimit.Minutes(120),
        ResolutionNonSupervisory = SlaLimit.Minutes(120),
        ResolutionSupervisory = SlaLimit.Minutes(120),
        AutoClose = SlaLimit.Minutes(autoClose),
        HoldExpiry = SlaLimit.Minutes(holdExpiry),
        Escalated = SlaLimit.Minutes(escalated),
    };

    protected static string NewSuffix() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Moves the fake clock by <paramref name="total"/> in steps of <paramref name="step"/>, yielding a little real
    /// time after each step so the reminder service's timers (on the fake clock) fire and their grain calls run.
    /// </summary>
    protected async Task AdvanceAsync(TimeSpan total, TimeSpan step)
    {
        var target = Now + total;
        while (Now < target)
        {
            var left = target - Now;
            Clock.Advance(left < step ? left : step);
            await QuiesceAsync();
        }
    }

    /// <summary>
    /// A short real pause for timers the last step fired to start their deliveries, then until no reminder delivery
    /// is in flight (each one re-arms the grain's reminder at the fake instant it ran at). Bounded.
    /// </summary>
    protected async Task QuiesceAsync()
    {
        await Task.Delay(5);
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Fixture.Reminders.InFlight > 0 && DateTime.UtcNow < limit)
        {
            await Task.Delay(2);
        }
    }

    /// <summary>Moves the clock in steps until <paramref name="target"/> (no-op when already there).</summary>
    protected Task AdvanceToAsync(DateTimeOffset target, TimeSpan step) =>
        target > Now ? AdvanceAsync(target - Now, step) : Task.CompletedTask;

    /// <summary>Polls <paramref name="probe"/> (real time, bounded) until <paramref name="done"/> holds.</summary>
    protected static Task<T> WaitUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(probe, done, timeout ?? TimeSpan.FromSeconds(10), what, TimeSpan.FromMilliseconds(20), Describe);

    /// <summary>
    /// Lets reminder deliveries already triggered by the clock finish: waits until the complaint's version stops
    /// changing for a few polls (used before asserting that something did NOT happen).
    /// </summary>
    protected async Task<ComplaintView> SettleAsync(string complaintId)
    {
        var last = await StaffView(complaintId);
        var stable = 0;
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (stable < 10 && DateTime.UtcNow < limit)
        {
            await Task.Delay(20);
            var next = await StaffView(complaintId);
            stable = next.Version == last.Version ? stable + 1 : 0;
            last = next;
        }

        return last;
    }

    protected async Task<TestTree> DefineTreeAsync(SlaPolicy policy)
    {
        var suffix = NewSuffix();
        var tree = new TestTree("prov-" + suffix, "kota-" + suffix, "unit-" + suffix);
        await DefineAsync(new AgencyProfile(tree.Province, "Provinsi " + suffix, AgencyLevel.Province, AgencyIds.National, AgencyZone.Wib, policy));
        await DefineAsync(new AgencyProfile(tree.City, "Kota " + suffix, AgencyLevel.RegencyCity, tree.Province, AgencyZone.Wib, policy));
        await DefineAsync(new AgencyProfile(tree.Unit, "Dinas " + suffix, AgencyLevel.Unit, tree.City, AgencyZone.Wib, policy));
        return tree;
    }

    private async Task DefineAsync(AgencyProfile profile) =>
        Assert.Null(await Grains.GetGrain<IAgencyGrain>(profile.Id).Define(profile));

    /// <summary>One statement on the silo's database, beside the engine (e.g. to take a table away and give it back).</summary>
    protected static async Task RunSqlAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected IComplaintGrain Complaint(string id) => Grains.GetGrain<IComplaintGrain>(id);

    protected IAgencyGrain Agency(string id) => Grains.GetGrain<IAgencyGrain>(id);

    /// <summary>The first page of an agency's inbox (most urgent first), from the index.</summary>
    protected Task<InboxPage> InboxOf(string agencyId, int take = 50) =>
        Fixture.Inbox.PageAsync(agencyId, new InboxQuery { PageSize = take }, Now);

    /// <summary>Waits (real time, bounded) until the agency's inbox shows the complaint; the page that showed it.</summary>
    protected Task<InboxPage> InboxLineAsync(string agencyId, string complaintId, string what = "the inbox line") =>
        WaitUntilAsync(() => InboxOf(agencyId), p => p.Items.Any(i => i.ComplaintId == complaintId), what);

    protected static Actor AdminOf(string agencyId) => new("admin-" + agencyId, ActorRole.AgencyAdmin, agencyId);

    protected static Actor OfficerOf(string agencyId) => new("petugas-" + agencyId, ActorRole.Officer, agencyId);

    protected async Task<string> SubmitAsync(string? targetAgencyId, bool confidential = false, string? title = null)
    {
        var (id, submission) = NewSubmission(targetAgencyId, confidential, title);
        var result = await Complaint(id).Submit(submission);
        Assert.True(result.Succeeded, result.Rejection?.Message);
        return id;
    }

    /// <summary>A fresh tracking code and a report for it, as the front door hands them to the complaint grain.</summary>
    protected (string Id, SubmitComplaint Submission) NewSubmission(string? targetAgencyId, bool confidential = false, string? title = null)
    {
        var id = "LPR-T" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
        var report = new ReportData
        {
            Kind = ReportKind.Complaint,
            Title = title ?? "Jalan berlubang di Jl. Ijen " + id,
            Body = "Lubang besar di tengah jalan membahayakan pengendara motor.",
            IncidentDate = DateOnly.FromDateTime(Now.UtcDateTime),
            Location = new Location("35.73", -7.97, 112.63, "Depan sekolah"),
            Category = "infrastruktur",
            Channel = Channel.Web,
            Confidential = confidential,
            TargetAgencyId = targetAgencyId,
        };
        return (id, new SubmitComplaint(report, new ReporterContact("Budi", "budi@example.id", null), "req-" + id, new string('a', 64)));
    }

    protected async Task<ComplaintView> ExecuteAsync(string id, ComplaintAction action, Actor actor)
    {
        var result = await Complaint(id).Execute(action, actor, null);
        Assert.True(result.Succeeded, $"{action.GetType().Name} by {actor.Id}: {result.Rejection?.Message}");
        return result.View!;
    }

    protected async Task<ComplaintView> StaffView(string id) =>
        (await Complaint(id).View(new Viewer(ViewerKind.Staff, NationalAdmin)))
        ?? throw new InvalidOperationException($"complaint {id} not visible");

    /// <summary>Reminder rows stored for the grain keyed <paramref name="key"/> (read straight from the SQLite reminder table).</summary>
    protected Task<long> ReminderRowsAsync(string key) => ReminderTableAsync("count(*)", key);

    /// <summary>The complaint's erasure date in the erasure index (Unix ms), or null when it has no row.</summary>
    protected async Task<long?> ErasureRowAsync(string complaintId) =>
        await SqliteReads.ScalarAsync(Fixture.ConnectionString, "SELECT erase_at_ms FROM lapor_reporter_erasure WHERE complaint_id = $id", complaintId) as long?;

    /// <summary>The version of the complaint's reminder row (0: as first stored; each upsert adds one).</summary>
    protected Task<long> ReminderVersionAsync(string complaintId) => ReminderTableAsync("version", complaintId);

    /// <summary>One integer <paramref name="column"/> of a grain's reminder rows, read straight from SQLite.</summary>
    private async Task<long> ReminderTableAsync(string column, string key) =>
        (long)(await SqliteReads.ScalarAsync(Fixture.ConnectionString, $"SELECT {column} FROM lapor_reminders WHERE grain_id LIKE '%' || $id", key))!;

    /// <summary>
    /// Left alone in storage, the complaint escalates when its ten-minute verification limit from <paramref name="start"/>
    /// passes, stamped within one <paramref name="step"/> of it. The clock stops one step after the limit: the tick wakes
    /// the complaint from storage, and under load that can take longer than a step's real pause, so a clock still moving
    /// would stamp the escalation late. Returns the escalated view.
    /// </summary>
    protected async Task<ComplaintView> AssertEscalatedOnTimeAsync(string id, DateTimeOffset start, TimeSpan step)
    {
        var limit = start + TimeSpan.FromMinutes(10);
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceToAsync(limit + step, step);
        var escalated = await WaitUntilAsync(() => StaffView(id), v => Count(v, "escalated") == 1, "the escalation");
        Assert.InRange(Single(escalated, "escalated").At, limit, limit + step);
        return escalated;
    }

    protected static int Count(ComplaintView view, string action) => view.Timeline.Count(e => e.Action == action);

    protected static TimelineEntry Single(ComplaintView view, string action) => Assert.Single(view.Timeline, e => e.Action == action);

    private static string Describe<T>(T value) => value switch
    {
        ComplaintView v => $"{v.Status} v{v.Version} [{string.Join(", ", v.Timeline.Select(e => e.Action))}]",
        _ => value?.ToString() ?? "null",
    };
}
