using System.Collections.Immutable;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains;
using Lapor.Grains.Agencies;

namespace Lapor.Api.Web;

/// <summary>One agency as the pages list it (pickers, names, zones).</summary>
public sealed record AgencyEntry(string Id, string Name, AgencyLevel Level, AgencyZone Zone, string? ParentId, int Depth);

/// <summary>
/// The agency tree for the pages' pickers and labels, read from the agency grains and kept for a minute per host.
/// Walks at most <see cref="MaxAgencies"/> agencies breadth-first, so a national tree lists its upper levels.
/// </summary>
public sealed class AgencyDirectory(IGrainFactory grains, TimeProvider time) : IDisposable
{
    public const int MaxAgencies = 600;
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ImmutableArray<AgencyEntry> List, DateTimeOffset At)? _cached;

    public async Task<ImmutableArray<AgencyEntry>> ListAsync()
    {
        if (_cached is { } c && time.GetUtcNow() - c.At < Keep)
        {
            return c.List;
        }

        await _gate.WaitAsync();
        try
        {
            if (_cached is { } again && time.GetUtcNow() - again.At < Keep)
            {
                return again.List;
            }

            var list = ImmutableArray.CreateBuilder<AgencyEntry>();
            var queue = new Queue<(string Id, int Depth)>([(AgencyIds.National, 0)]);
            while (queue.Count > 0 && list.Count < MaxAgencies)
            {
                var (id, depth) = queue.Dequeue();
                var place = await Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(id).GetPlace());
                if (place is null)
                {
                    continue;
                }

                var p = place.Profile;
                list.Add(new AgencyEntry(p.Id, p.Name, p.Level, p.Zone, p.ParentId, depth));
                foreach (var child in place.Children.Order(StringComparer.Ordinal))
                {
                    queue.Enqueue((child, depth + 1));
                }
            }

            var result = list.ToImmutable();
            _cached = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The agency's entry, read from its grain when it is beyond the cached list; null when unknown.</summary>
    public async Task<AgencyEntry?> FindAsync(string? id)
    {
        if (!Validation.IsSlug(id))
        {
            return null;
        }

        var listed = (await ListAsync()).FirstOrDefault(a => a.Id == id);
        if (listed is not null)
        {
            return listed;
        }

        var routing = await Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(id).GetRouting());
        return routing is null ? null
            : new AgencyEntry(routing.AgencyId, routing.Name, routing.Level, routing.Zone, routing.Path.Length > 1 ? routing.Path[1].AgencyId : null, routing.Path.Length - 1);
    }

    public void Forget() => _cached = null;

    public void Dispose() => _gate.Dispose();
}
