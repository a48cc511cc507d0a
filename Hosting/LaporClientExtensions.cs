using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Lapor.Hosting;

public enum HostingMode
{
    /// <summary>The API process is also a silo (the default; several such processes form one cluster).</summary>
    CoHosted = 0,
    /// <summary>The API is a pure Orleans client of a separate silo cluster.</summary>
    Client = 1,
}

/// <summary>Bound from <c>Lapor:Api</c>.</summary>
public sealed class HostingSettings
{
    public const string Section = "Lapor:Api";

    public HostingMode Mode { get; set; } = HostingMode.CoHosted;
}

/// <summary>The Orleans client wiring of a front door that is not itself a silo (mirrors <see cref="LaporSiloExtensions"/>).</summary>
public static class LaporClientExtensions
{
    /// <summary>Client mode: find the silos through the same storage the silos use (localhost gateway when embedded).</summary>
    public static IClientBuilder AddLaporClient(this IClientBuilder client, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var profile = DeploymentProfile.From(configuration);
        var storage = profile.Storage;
        var cluster = profile.Cluster;
        // Inbox pages are read straight from the index, never through a grain.
        client.Services.AddLaporIndexes(storage);
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        client.AddActivityPropagation();
        client.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        // The dashboard page can be served by a client as long as every silo runs the dashboard grains (the same setting).
        if (LaporDashboard.Enabled(configuration))
        {
            client.AddDashboard();
        }
        // Learn about new and dead gateways quickly (Orleans' default: 1 min).
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        if (profile.UsesLocalhostClustering)
        {
            client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }
        else
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = storage.AdoInvariant;
                o.ConnectionString = storage.ResolveConnectionString();
            });
        }

        return client;
    }
}
