using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains.Agencies;
using Lapor.Grains.Complaints;
using Lapor.Grains.Indexes;
using Lapor.Hosting;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace Lapor.Grains.Tests;

/// <summary>
/// One in-process silo for the whole collection: real SQLite grain storage and real ADO.NET reminders in a fresh
/// temporary folder, the Lapor engine, and a fake clock shared by the grains and the reminder service (every other
/// background area of the silo keeps real time).
/// </summary>
public class EngineClusterFixture : IAsyncLifetime
{
    /// <summary>Monday 6 April 2026, 09:00 WIB: a working day with no holiday nearby (3 and 5 April are behind it).</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 6, 2, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lapor-grains-tests", Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Grain state and reminders in memory instead of SQLite (for tests that drive tens of thousands of writes).</summary>
    protected virtual bool InMemoryStorage => false;

    public ReminderDeliveryTracker Reminders { get; } = new();

    /// <summary>The inbox index of the silo's database, read as the API reads it.</summary>
    public IInboxIndex Inbox { get; private set; } = null!;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The SQLite database the silo stores grain state and reminders in.</summary>
    public string ConnectionString => new LaporStorageOptions { Provider = LaporStorageProvider.Sqlite, DataFolder = _folder }.ResolveConnectionString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var storage = new LaporStorageOptions { Provider = LaporStorageProvider.Sqlite, DataFolder = _folder };
        var engine = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Engine:ReminderPeriod"] = "00:01:00",
            // The fake clock jumps days ahead: caches must not expire and refetch in the middle of a test.
            ["Lapor:Engine:CalendarRefresh"] = "3650.00:00:00",
            ["Lapor:Engine:RoutingRefresh"] = "3650.00:00:00",
        }).Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "lapor-grains-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ClusterId = "lapor-grains-test";
        builder.ConfigureSilo((_, silo) =>
        {
            if (InMemoryStorage)
            {
                silo.AddMemoryGrainStorage(Lapor.Grains.Infrastructure.GrainStorage.Name);
                silo.UseInMemoryReminderService();
                // The inbox index and the agency ledger are database tables in every mode.
                silo.Services.AddLaporIndexes(storage);
            }
            else
            {
                silo.UseLaporStorage(storage);
            }

            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddLaporEngine(engine);
            silo.AddIncomingGrainCallFilter(Reminders);
            // After AddLaporEngine (which registers TimeProvider.System): grains and the reminder service see the
            // fake clock; membership, messaging and the other background loops keep real time.
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });

        if (InMemoryStorage)
        {
            await SchemaInstaller.ApplyAsync(storage);
        }

        Inbox = new AdoNetInboxIndex(new IndexDatabase(storage));
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        // The seed participant is internal to the silo project: define the national root the same way it does.
        // Its only override is a short escalated limit, so a breach at the top of the tree is minutes away.
        var national = Grains.GetGrain<IAgencyGrain>(AgencyIds.National);
        var rejection = await national.Define(new AgencyProfile(AgencyIds.National, "Admin Nasional SP4N-LAPOR! (KemenPANRB)",
            AgencyLevel.National, null, AgencyZone.Wib, new SlaPolicy { Escalated = SlaLimit.Minutes(5) }));
        Assert.Null(rejection);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineClusterFixture>
{
    /// <summary>Every test that moves the shared fake clock lives here, so they run one after another.</summary>
    public const string Name = "engine";
}

/// <summary>A test's own branch of the agency tree under "nasional": province → city → unit.</summary>
public sealed record TestTree(string Province, string City, string Unit);

/// <summary>Base for the engine tests: the clock helpers, the agency tree and complaint helpers.</summary>
public abstract class EngineTestBase(EngineClusterFixture fixture)
{
    protected static readonly Actor NationalAdmin = new("admin-nasional", ActorRole.NationalAdmin, AgencyIds.National);

    protected EngineClusterFixture Fixture { get; } = fixture;

    protected IGrainFactory Grains => Fixture.Grains;

    protected FakeTimeProvider Clock => Fixture.Clock;

    protected DateTimeOffset Now => Clock.GetUtcNow();

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
    protected static async Task<T> WaitUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {Describe(value)}");
            }

            await Task.Delay(20);
        }
    }

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

    protected IComplaintGrain Complaint(string id) => Grains.GetGrain<IComplaintGrain>(id);

    protected IAgencyGrain Agency(string id) => Grains.GetGrain<IAgencyGrain>(id);

    /// <summary>The first page of an agency's inbox (most urgent first), from the index.</summary>
    protected Task<InboxPage> InboxOf(string agencyId, int take = 50) =>
        Fixture.Inbox.PageAsync(agencyId, new InboxQuery { PageSize = take }, Now);

    protected static Actor AdminOf(string agencyId) => new("admin-" + agencyId, ActorRole.AgencyAdmin, agencyId);

    protected static Actor OfficerOf(string agencyId) => new("petugas-" + agencyId, ActorRole.Officer, agencyId);

    protected async Task<string> SubmitAsync(string? targetAgencyId, bool confidential = false, string? title = null)
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
        var result = await Complaint(id).Submit(new SubmitComplaint(report, new ReporterContact("Budi", "budi@example.id", null),
            "req-" + id, new string('a', 64)));
        Assert.True(result.Succeeded, result.Rejection?.Message);
        return id;
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

    /// <summary>Reminder rows stored for a complaint grain (read straight from the SQLite reminder table).</summary>
    protected async Task<long> ReminderRowsAsync(string complaintId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM lapor_reminders WHERE grain_id LIKE '%' || $id";
        command.Parameters.AddWithValue("$id", complaintId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected static int Count(ComplaintView view, string action) => view.Timeline.Count(e => e.Action == action);

    protected static TimelineEntry Single(ComplaintView view, string action) => Assert.Single(view.Timeline, e => e.Action == action);

    private static string Describe<T>(T value) => value switch
    {
        ComplaintView v => $"{v.Status} v{v.Version} [{string.Join(", ", v.Timeline.Select(e => e.Action))}]",
        _ => value?.ToString() ?? "null",
    };
}
