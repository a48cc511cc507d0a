using Lapor.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace Lapor.Storage.Tests;

/// <summary>A started test cluster using Lapor storage, whichever TestingHost flavour it needs.</summary>
internal sealed class LaporTestCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster? _inProcess;
    private readonly TestCluster? _classic;

    private LaporTestCluster(InProcessTestCluster? inProcess, TestCluster? classic)
    {
        _inProcess = inProcess;
        _classic = classic;
    }

    public IClusterClient Client => _inProcess?.Client ?? _classic!.Client;

    /// <summary>
    /// SQLite: InProcessTestCluster with its in-memory membership (the embedded default leaves clustering to the
    /// caller). PostgreSQL: TestCluster with test membership off, so silos and client really cluster through
    /// the database; the storage options travel as configuration (Lapor:Storage:*), as in production.
    /// </summary>
    public static async Task<LaporTestCluster> StartAsync(LaporStorageOptions storage, string serviceId, CancellationToken cancellationToken = default)
    {
        var clusterId = "lapor-test-" + Guid.NewGuid().ToString("N")[..8];
        if (storage.Provider == LaporStorageProvider.Sqlite)
        {
            var builder = new InProcessTestClusterBuilder(1);
            builder.Options.ServiceId = serviceId;
            builder.Options.ClusterId = clusterId;
            builder.ConfigureSilo((_, silo) =>
            {
                silo.UseLaporStorage(storage);
                silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            });
            var cluster = builder.Build();
            try
            {
                await cluster.DeployAsync(cancellationToken);
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }

            return new LaporTestCluster(cluster, null);
        }

        var classicBuilder = new TestClusterBuilder(1);
        classicBuilder.Options.ServiceId = serviceId;
        classicBuilder.Options.ClusterId = clusterId;
        classicBuilder.Options.UseTestClusterMembership = false;
        classicBuilder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:Provider"] = storage.Provider.ToString(),
            ["Lapor:Storage:ConnectionString"] = storage.ConnectionString,
            ["Lapor:Storage:ApplySchemaOnStart"] = storage.ApplySchemaOnStart?.ToString(),
        }));
        classicBuilder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        classicBuilder.AddClientBuilderConfigurator<PostgresClientConfigurator>();
        var classic = classicBuilder.Build();
        try
        {
            await classic.DeployAsync(cancellationToken);
        }
        catch
        {
            await classic.DisposeAsync();
            throw;
        }

        return new LaporTestCluster(null, classic);
    }

    public async Task StopAsync()
    {
        if (_inProcess is not null)
        {
            await _inProcess.StopAllSilosAsync();
        }
        else
        {
            await _classic!.StopAllSilosAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_inProcess is not null)
        {
            await _inProcess.DisposeAsync();
        }

        if (_classic is not null)
        {
            await _classic.DisposeAsync();
        }
    }

    private sealed class PostgresSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.UseLaporStorage(siloBuilder.Configuration);
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }

    private sealed class PostgresClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = LaporStorage.PostgresInvariant;
                o.ConnectionString = LaporStorageOptions.FromConfiguration(configuration).ResolveConnectionString();
            });
    }
}

public abstract class ClusterScenario
{
    // Agency-style slug key (64 characters) and a complaint key, as the real grains use.
    protected const string ComplaintKey = "LPR-0123456789";
    protected static readonly string AgencyKey = "dinas-" + new string('x', 58);

    /// <summary>
    /// Writes state, reads it back after deactivation, registers a reminder that fires and persists its ticks,
    /// then restarts the whole cluster on the same database and checks state and reminder both survived.
    /// </summary>
    protected static async Task RunAsync(LaporStorageOptions storage, Func<Task<List<(string GrainId, string Name)>>> reminderRows)
    {
        Assert.True(AgencyKey.Length == 64);
        var serviceId = "lapor-svc-" + Guid.NewGuid().ToString("N")[..8];

        await using (var cluster = await LaporTestCluster.StartAsync(storage, serviceId))
        {
            var complaint = cluster.Client.GetGrain<IProbeGrain>(ComplaintKey);
            await complaint.SetValueAsync("diterima");
            await complaint.SetValueAsync("diproses");
            await complaint.DeactivateAsync();
            Assert.Equal("diproses", await complaint.GetValueAsync());

            var agency = cluster.Client.GetGrain<IProbeGrain>(AgencyKey);
            await agency.StartReminderAsync(TimeSpan.FromSeconds(1));
            await Eventually.WaitAsync(agency.GetTicksAsync, t => t >= 2, TimeSpan.FromSeconds(60), "two reminder ticks");

            var rows = await reminderRows();
            Assert.Contains(rows, r => r.GrainId.EndsWith(AgencyKey, StringComparison.Ordinal) && r.Name == ProbeGrain.ReminderName);

            // The reminder re-activates the grain after deactivation.
            var before = await agency.GetTicksAsync();
            await agency.DeactivateAsync();
            await Eventually.WaitAsync(agency.GetTicksAsync, t => t > before, TimeSpan.FromSeconds(60), "a tick after deactivation");
            await cluster.StopAsync();
        }

        await using (var cluster = await LaporTestCluster.StartAsync(storage, serviceId))
        {
            var complaint = cluster.Client.GetGrain<IProbeGrain>(ComplaintKey);
            Assert.Equal("diproses", await complaint.GetValueAsync());

            var agency = cluster.Client.GetGrain<IProbeGrain>(AgencyKey);
            var afterRestart = await agency.GetTicksAsync();
            Assert.True(afterRestart >= 3, $"ticks persisted across the restart: {afterRestart}");
            await Eventually.WaitAsync(agency.GetTicksAsync, t => t > afterRestart, TimeSpan.FromSeconds(60), "a tick after a cluster restart");

            await agency.StopReminderAsync();
            Assert.DoesNotContain(await reminderRows(), r => r.GrainId.EndsWith(AgencyKey, StringComparison.Ordinal));
            await cluster.StopAsync();
        }
    }

    protected static async Task AssertStartFailsWithSchemaMessage(LaporStorageOptions storage)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var cluster = await LaporTestCluster.StartAsync(storage, "lapor-svc-empty", timeout.Token);
        });
        var schema = ExceptionSearch.Find<LaporSchemaException>(e);
        Assert.True(schema is not null, $"expected a LaporSchemaException, got: {e}");
        Assert.Contains(SchemaCheck.ApplyCommand, schema.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteClusterTests : ClusterScenario
{
    [Fact]
    public async Task State_and_reminders_survive_deactivation_and_restart()
    {
        using var folder = new TempFolder();
        var storage = folder.SqliteOptions();
        var cs = storage.ResolveConnectionString();

        await RunAsync(storage, async () =>
        {
            var rows = new List<(string, string)>();
            await using var connection = new SqliteConnection(cs);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT grain_id, reminder_name FROM lapor_reminders";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        });
    }

    [Fact]
    public async Task Silo_against_an_empty_database_without_apply_fails_with_the_operator_message()
    {
        using var folder = new TempFolder();
        await AssertStartFailsWithSchemaMessage(folder.SqliteOptions(applySchemaOnStart: false));
    }
}

public sealed class PostgresClusterTests : ClusterScenario
{
    [PostgresFact]
    public async Task State_reminders_and_clustering_survive_deactivation_and_restart()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SchemaInstaller.ApplyAsync(db.Options());

        await RunAsync(db.Options(), async () =>
        {
            var rows = new List<(string, string)>();
            await using var connection = new NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT grain_id, reminder_name FROM lapor_reminders", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        });

        // Clustering really went through the database: both clusters' silos registered there.
        await using var check = new NpgsqlConnection(db.ConnectionString);
        await check.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(DISTINCT deployment_id) FROM lapor_membership", check);
        Assert.Equal(2L, (long)(await count.ExecuteScalarAsync())!);
    }

    [PostgresFact]
    public async Task Silo_against_an_empty_database_without_apply_fails_with_the_operator_message()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await AssertStartFailsWithSchemaMessage(db.Options(applySchemaOnStart: false));
    }
}
