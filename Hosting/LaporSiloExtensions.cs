using Lapor.Grains.Agencies;
using Lapor.Grains.Calendar;
using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Notifications;
using Lapor.Hosting.Seeding;
using Lapor.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Lapor.Hosting;

/// <summary>Cluster settings, bound from <c>Lapor:Cluster</c>.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Lapor:Cluster";

    public string ClusterId { get; set; } = "lapor";
    public string ServiceId { get; set; } = "lapor";
    /// <summary>Silo-to-silo port (11111 by default; give each silo on one machine its own).</summary>
    public int SiloPort { get; set; } = 11111;
    /// <summary>Client gateway port (30000 by default).</summary>
    public int GatewayPort { get; set; } = 30000;
    /// <summary>The address other silos reach this one on (PostgreSQL mode). Loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
    /// <summary>How long one membership probe may take before it counts as missed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Missed probes before a silo is suspected; with the timeout above, a dead silo is declared in ~5 s.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;
    /// <summary>How often each silo re-reads the membership table besides gossip (Orleans' default: 1 min).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often each silo writes its IAmAlive timestamp (Orleans' default: 30 s).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long a suspicion vote counts towards a death declaration (Orleans' default: 2 min).</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Dead silos' rows are removed from the membership table after this long (Orleans' default: 7 days).</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How long a grain call may take before the caller gets a TimeoutException (answered 503; Orleans' default: 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long a stopping host may take to drain HTTP requests and deactivate its grains.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Load the demo agencies on first start (the embedded default does; production does not).</summary>
    public bool? DemoData { get; set; }
    /// <summary>Lower bound for reminder periods (Orleans' default is one minute; tests and demos use less).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
}

public static class LaporSiloExtensions
{
    /// <summary>
    /// Everything a Lapor silo needs, from configuration: storage (SQLite embedded or PostgreSQL), clustering
    /// (localhost for the embedded default, ADO.NET on PostgreSQL), reminders, the engine's services and seed data.
    /// Used by the API host (co-hosted silo), the standalone silo host and the test clusters alike.
    /// </summary>
    public static ISiloBuilder AddLapor(this ISiloBuilder silo, IConfiguration configuration)
    {
        var profile = DeploymentProfile.From(configuration);
        var storage = profile.Storage;
        var cluster = profile.Cluster;

        if (profile.UsesLocalhostClustering)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(System.Net.IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        }

        silo.UseLaporStorage(storage);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.NumMissedProbesLimit;
            o.TableRefreshTimeout = cluster.TableRefreshTimeout;
            o.IAmAliveTablePublishTimeout = cluster.IAmAliveTablePublishTimeout;
            o.DeathVoteExpirationTimeout = cluster.DeathVoteExpirationTimeout;
            o.DefunctSiloExpiration = cluster.DefunctSiloExpiration;
        });
        // Graceful stop: the host gives Orleans (deactivations, reminder hand-over, membership "ShuttingDown") this long.
        silo.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = cluster.ShutdownTimeout);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        silo.AddActivityPropagation();
        // Database faults cross silos as Npgsql exceptions (so the front door can answer 503), not as codec failures.
        silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        // The dashboard's grains live on every silo; the HTTP side is mapped by the API host (behind the admin policy).
        if (LaporDashboard.Enabled(configuration))
        {
            silo.AddDashboard(o => o.HideTrace = true);
        }
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = cluster.MinimumReminderPeriod);
        silo.AddLaporEngine(configuration);
        if (profile.LoadsDemoData)
        {
            silo.Services.AddSingleton<DemoData>();
        }

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SeedOnStart>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CalendarCheckOnStart>();
        return silo;
    }

    /// <summary>The engine's own services, without storage or clustering (test clusters add those themselves).</summary>
    public static ISiloBuilder AddLaporEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddLaporEngineServices(configuration);
        silo.Services.AddLaporNotifications(configuration);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SweepsOnStart>();
        return silo;
    }

    /// <summary>Engine options, the per-process calendar cache and the clock: silos and client-mode front doors alike.</summary>
    public static IServiceCollection AddLaporEngineServices(this IServiceCollection services, IConfiguration configuration)
    {
        // A bad setting stops the host at start with its key named, instead of failing the first complaint that uses it.
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>>(new NamedProblems<EngineOptions>(EngineOptions.Section, o => o.Problems()));
        services.AddSingleton<CalendarCache>();
        services.AddSingleton<RoutingCache>();
        services.AddSingleton<EngineMetrics>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
