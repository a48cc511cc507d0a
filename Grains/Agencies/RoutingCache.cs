using System.Collections.Concurrent;
using Lapor.Domain.Agencies;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Agencies;

/// <summary>
/// Agencies' routing (zone, path to the root, effective SLA policy) as this silo last saw it, so a complaint's command
/// needs no call to the agency's grain, wherever it lives. Entries live for <see cref="EngineOptions.RoutingRefresh"/>;
/// a change made through this silo drops its entry at once, changes made elsewhere are seen when the entry expires
/// (the same staleness as the agency grain's own cache). Unknown agencies are not cached.
/// </summary>
public sealed class RoutingCache(IGrainFactory grains, TimeProvider time, IOptions<EngineOptions> options)
{
    private readonly ConcurrentDictionary<string, (AgencyRouting Routing, DateTimeOffset At)> _entries = new(StringComparer.Ordinal);

    public async Task<AgencyRouting?> GetAsync(string agencyId)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(agencyId, out var entry) && now - entry.At < options.Value.RoutingRefresh)
        {
            return entry.Routing;
        }

        var routing = await grains.Reference<IAgencyGrain>(agencyId).GetRouting();
        if (routing is not null)
        {
            _entries[agencyId] = (routing, now);
        }

        return routing;
    }

    /// <summary>An agency changed: its own entry and every entry whose path runs through it are stale.</summary>
    public void Invalidate(string agencyId)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.Routing.Path.Any(n => n.AgencyId == agencyId))
            {
                _entries.TryRemove(id, out _);
            }
        }
    }
}
