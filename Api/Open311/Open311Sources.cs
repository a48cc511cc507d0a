using System.Collections.Concurrent;
using System.Collections.Immutable;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains.Agencies;
using Lapor.Grains.Complaints;

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

        var routing = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(agencyId).GetRouting());
        var agency = routing is null ? null : new O311Agency(routing.AgencyId, routing.Name, routing.Zone, [.. routing.Path.Select(n => n.AgencyId)]);
        if (_cache.Count > 50_000)
        {
            _cache.Clear();
        }

        _cache[agencyId] = (agency, now + Keep);
        return agency;
    }
}

/// <summary>
/// The public feed (<see cref="IPublicFeedGrain"/>: the newest published complaints, never rahasia, never who
/// reported) as GET requests reads it: one snapshot per host, refreshed at most every few seconds, so a burst of
/// list calls costs one grain call. The feed is bounded, so the list covers its window (docs/channels.md).
/// </summary>
public sealed class Open311Feed(IGrainFactory grains, TimeProvider time) : IDisposable
{
    /// <summary>The feed's capacity (PublicFeedGrain keeps the newest 2,000).</summary>
    public const int Window = 2_000;
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>A class, so readers outside the lock see a whole snapshot or none (one reference).</summary>
    private sealed record Snapshot(ImmutableArray<PublicSummary> Items, DateTimeOffset At);

    public async Task<ImmutableArray<PublicSummary>> GetAsync()
    {
        if (_snapshot is { } s && time.GetUtcNow() - s.At < Fresh)
        {
            return s.Items;
        }

        await _refresh.WaitAsync();
        try
        {
            if (_snapshot is { } again && time.GetUtcNow() - again.At < Fresh)
            {
                return again.Items;
            }

            var page = await Transient.RetryAsync(() => grains.GetGrain<IPublicFeedGrain>(IPublicFeedGrain.Key).List(0, Window, null));
            _snapshot = new Snapshot(page.Items, time.GetUtcNow());
            return page.Items;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();
}
