using Lapor.Domain.Agencies;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lapor.Api.Http;

/// <summary>Ready when a grain round trip through storage works: the cluster answers and the database is there.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var summary = await grains.Reference<IAgencyGrain>(AgencyIds.National).GetSummary().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return summary is null
                ? HealthCheckResult.Degraded("Instansi nasional belum ada.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (Transient.IsTransient(ex))
        {
            return HealthCheckResult.Unhealthy("Klaster atau basis data tidak menjawab.");
        }
    }
}
