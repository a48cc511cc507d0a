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
/// Walks at most <see cref="MaxAgencies"/> agencies breadth-first, a level's agencies at once, so a national tree lists
/// its upper levels. Once listed, an expired list is still served while one walk renews it in the background: a page
/// never waits for the walk, except the first one and the first after <see cref="Forget"/> (an agency was defined).
/// </summary>
public sealed partial class AgencyDirectory(IGrainFactory grains, TimeProvider time, ILogger<AgencyDirectory> logger) : IDisposable
{
    public const int MaxAgencies = 600;
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Listed? _cached;

    /// <summary>Raised by <see cref="Forget"/>: a walk begun before it does not store its list.</summary>
    private long _generation;
    private int _renewing;

    public async Task<ImmutableArray<AgencyEntry>> ListAsync()
    {
        if (_cached is { } c)
        {
            if (time.GetUtcNow() - c.At >= Keep && Interlocked.CompareExchange(ref _renewing, 1, 0) == 0)
            {
                _ = RenewAsync();
            }

            return c.List;
        }

        await _gate.WaitAsync();
        try
        {
            if (_cached is { } again)
            {
                return again.List;
            }

            var generation = Interlocked.Read(ref _generation);
            var list = await WalkAsync();
            Store(list, generation);
            return list;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            var generation = Interlocked.Read(ref _generation);
            Store(await WalkAsync(), generation);
        }
        catch (Exception ex)
        {
            // The list served meanwhile stays; the next page after the minute tries again.
            LogRenewFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private void Store(ImmutableArray<AgencyEntry> list, long generation)
    {
        if (Interlocked.Read(ref _generation) == generation)
        {
            _cached = new Listed(list, time.GetUtcNow());
        }
    }

    private async Task<ImmutableArray<AgencyEntry>> WalkAsync()
    {
        var list = ImmutableArray.CreateBuilder<AgencyEntry>();
        var level = new List<string> { AgencyIds.National };
        for (var depth = 0; level.Count > 0 && list.Count < MaxAgencies; depth++)
        {
            var ids = level.Take(MaxAgencies - list.Count).ToList();
            var places = await Task.WhenAll(ids.Select(id => Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(id).GetPlace())));
            level = [];
            foreach (var place in places.OfType<AgencyPlace>())
            {
                var p = place.Profile;
                list.Add(new AgencyEntry(p.Id, p.Name, p.Level, p.Zone, p.ParentId, depth));
                level.AddRange(place.Children.Order(StringComparer.Ordinal));
            }
        }

        return list.ToImmutable();
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

    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _cached = null;
    }

    /// <summary>A list and when it was walked (one reference, so a page never reads half of a renewal).</summary>
    private sealed record Listed(ImmutableArray<AgencyEntry> List, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The agency list for the pages was not renewed; the previous one is served meanwhile")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    public void Dispose() => _gate.Dispose();
}
