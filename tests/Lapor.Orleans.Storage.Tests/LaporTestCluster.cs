using Lapor.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>The first silo's services (both flavours run their silos in this process).</summary>
    public IServiceProvider SiloServices => _inProcess?.Silos[0].ServiceProvider ?? _classic!.GetSiloServiceProvider();

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
