using System.Collections.Concurrent;
using System.Collections.Immutable;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Grains;
using Lapor.Grains.Agencies;

namespace Lapor.Api.Open311;

/// <summary>An agency as Open311 answers need it: the name for <c>agency_responsible</c>, the zone for date-times, the path.</summary>
public sealed record O311Agency(string Id, string Name, AgencyZone Zone, ImmutableArray<string> Path);

/// <summary>
/// Agency names and paths for Open311 answers, kept for a minute per host so a list of a thousand requests asks
/// each agency once, not once per request. Never reads a complaint.
/// </summary>
public sealed class Open311Agencies(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (O311Agency? Agency, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<O311Agency?> GetAsync(string? agencyId)
    {
        if (agencyId is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(agencyId, out var cached) && cached.Until > now)
        {
            return cached.Agency;
        }

        var routing = await Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(agencyId).GetRouting());
        var agency = routing is null ? null : new O311Agency(routing.AgencyId, routing.Name, routing.Zone, [.. routing.Path.Select(n => n.AgencyId)]);
        if (_cache.Count > 50_000)
        {
            _cache.Clear();
        }

        _cache[agencyId] = (agency, now + Keep);
        return agency;
    }
}
