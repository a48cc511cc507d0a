using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Agencies;
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
/// One in-process silo for the whole collection: real SQLite grain storage and real ADO.NET reminders in a
/// throw-away data folder, the Lapor engine, and a fake clock shared by the grains and the reminder service (every
/// other background area of the silo keeps real time).
/// </summary>
public class EngineClusterFixture : IAsyncLifetime
{
    /// <summary>Monday 6 April 2026, 09:00 WIB: a working day with no holiday nearby (3 and 5 April are behind it).</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 6, 2, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new("lapor-grains-tests");
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Grain state and reminders in memory instead of SQLite (for tests that drive tens of thousands of writes).</summary>
    protected virtual bool InMemoryStorage => false;

    public ReminderDeliveryTracker Reminders { get; } = new();

    /// <summary>Faults a test can inject into the silo's reminder table (none unless a test asks).</summary>
    public ReminderTableFaults ReminderFaults { get; } = new();

    /// <summary>Faults a test can inject into the silo's grain storage (none unless a test asks).</summary>
    public GrainStorageFaults StorageFaults { get; } = new();

    /// <summary>Faults a test can inject into the silo's agency ledger (none unless a test asks).</summary>
    public AgencyLedgerFaults LedgerFaults { get; } = new();

    /// <summary>The inbox index of the silo's database, read as the API reads it.</summary>
    public IInboxIndex Inbox { get; private set; } = null!;

    /// <summary>The public list of the silo's database, read as the API reads it.</summary>
    public IPublicIndex Public { get; private set; } = null!;

    /// <summary>The agency directory of the silo's database, read as the pages and the API read it.</summary>
    public IAgencyIndex Directory { get; private set; } = null!;

    /// <summary>The reporter-data erasure index, as the silo sees it.</summary>
    public IReporterErasureIndex Erasures { get; private set; } = null!;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The SQLite database the silo stores grain state and reminders in.</summary>
    public string ConnectionString => Storage.ResolveConnectionString();

    private LaporStorageOptions Storage => new() { Provider = LaporStorageProvider.Sqlite, DataFolder = _folder.Path };

    /// <summary>More settings for the silo's configuration (a fixture of its own for one area).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Lapor:Engine:ReminderPeriod"] = "00:01:00",
            // The fake clock jumps days ahead: caches must not expire and refetch in the middle of a test.
            ["Lapor:Engine:CalendarRefresh"] = "3650.00:00:00",
            ["Lapor:Engine:RoutingRefresh"] = "3650.00:00:00",
            // A final report's reporter data goes an hour after it is final, so the tests can see it go.
            ["Lapor:Engine:ReporterDataRetention"] = "01:00:00",
            ["Lapor:Engine:ReporterDataSweep"] = "00:01:00",
            // The notification purge ticks every minute, so a test sees finished rows past their retention go.
            ["Lapor:Notifications:PurgeSweep"] = "00:01:00",
        };
        Configure(settings);
        var engine = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

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
                silo.Services.AddLaporIndexes(Storage);
            }
            else
            {
                silo.UseLaporStorage(Storage);
                ReminderFaults.Install(silo.Services);
                StorageFaults.Install(silo.Services);
                LedgerFaults.Install(silo.Services);
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
            await SchemaInstaller.ApplyAsync(Storage);
        }

        var database = new IndexDatabase(Storage);
        Inbox = new AdoNetInboxIndex(database);
        Public = new AdoNetPublicIndex(database);
        Directory = new AdoNetAgencyIndex(database);
        Erasures = new AdoNetReporterErasureIndex(database);
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await SeedAsync();
    }

    /// <summary>
    /// The seed participant is internal to the hosting library: define the national root the same way it does. Its
    /// only override is a short escalated limit, so a breach at the top of the tree is minutes away.
    /// </summary>
    private async Task SeedAsync()
    {
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

        _folder.Dispose();
    }
}
