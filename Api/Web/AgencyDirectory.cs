using System.Collections.Immutable;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Indexes;

namespace Lapor.Api.Web;

/// <summary>One agency as the pages list it (pickers, names, zones).</summary>
public sealed record AgencyEntry(string Id, string Name, AgencyLevel Level, AgencyZone Zone, string? ParentId, int Depth);

/// <summary>
/// The agency tree for the administration pages' lists, read from the agency directory (<see cref="IAgencyIndex"/>) and
/// kept for a minute per host, in the tree's order (breadth-first, children by name), at most <see cref="MaxAgencies"/>
/// of them; the search pickers and <c>GET /api/agencies</c> reach every agency. Once listed, an expired list is still
/// served while one read renews it in the background: a page never waits for it, except the first one and the first
/// after <see cref="Forget"/> (an agency was defined).
/// </summary>
public sealed partial class AgencyDirectory(IAgencyIndex directory, TimeProvider time, ILogger<AgencyDirectory> logger) : IDisposable
{
    public const int MaxAgencies = 2_000;
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
        // Every listed agency, a page at a time in name order; then the tree's order from the parents.
        var rows = new List<AgencyListing>();
        AgencyCursor? after = null;
        do
        {
            var page = await Transient.RetryAsync(() => directory.SearchAsync(new AgencySearch { PageSize = AgencySearch.MaxPageSize, After = after }));
            rows.AddRange(page.Items);
            after = AgencyCursor.TryDecode(page.NextCursor);
        }
        while (after is not null);

        var children = rows.ToLookup(r => r.ParentId ?? "", StringComparer.Ordinal);
        var list = ImmutableArray.CreateBuilder<AgencyEntry>();
        var level = children[""].ToList();
        for (var depth = 0; level.Count > 0 && list.Count < MaxAgencies; depth++)
        {
            list.AddRange(level.Take(MaxAgencies - list.Count).Select(a => new AgencyEntry(a.Id, a.Name, a.Level, a.Zone, a.ParentId, depth)));
            level = [.. level.SelectMany(a => children[a.Id])];
        }

        return list.ToImmutable();
    }

    /// <summary>The agency's entry, from the directory when it is beyond the cached list; null when unknown.</summary>
    public async Task<AgencyEntry?> FindAsync(string? id)
    {
        if (!Validation.IsSlug(id))
        {
            return null;
        }

        if ((await ListAsync()).FirstOrDefault(a => a.Id == id) is { } listed)
        {
            return listed;
        }

        return (await Transient.RetryAsync(() => directory.FindAsync([id]))).TryGetValue(id, out var found)
            ? new AgencyEntry(found.Id, found.Name, found.Level, found.Zone, found.ParentId, 0)
            : null;
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
