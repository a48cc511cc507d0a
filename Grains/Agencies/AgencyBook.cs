using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Agencies;

/// <summary>
/// The agency grain's bookkeeping for one activation: counts notices into the ledger in batches (one transaction per
/// batch, whatever the backlog), answers monev and summary reads from the ledger and the inbox index, and runs the
/// switch of a rebuild so that no batch interleaves with it (one <see cref="TurnQueue"/> for every ledger write).
/// </summary>
internal sealed class AgencyBook(string agencyId, IAgencyLedger ledger, IInboxIndex inbox, Action onStorageFault)
{
    private readonly MonevLedger _monev = new();
    private Batcher<LedgerEntry>? _batcher;
    private readonly TurnQueue _ledgerTurns = new();

    public Task CountAsync(LedgerEntry entry) =>
        entry.IsEmpty ? Task.CompletedTask : (_batcher ??= new Batcher<LedgerEntry>(CommitAsync)).EnqueueAsync(entry);

    public async Task<AgencySummary> SummaryAsync(AgencyProfile profile, ImmutableArray<string> children)
    {
        var (counters, escalations) = await ledger.ReadTotalsAsync(agencyId);
        return new AgencySummary(profile, children, counters, await inbox.CountActiveAsync(agencyId), escalations);
    }

    public async Task<MonevReport> ReportAsync(MonevQuery query, bool subtree, DateTimeOffset now, IEnumerable<Task<MonevReport?>> children)
    {
        var pending = children.ToList();
        var days = await ledger.ReadDaysAsync(agencyId, MonevFacts.PeriodStart(query.From, query.Period).DayNumber, query.To.DayNumber);
        var buckets = MonevFacts.Group(days.ToDictionary(d => d.Key, d => d.Value.Figures), query);
        var backlog = await inbox.BacklogAsync(agencyId, now);
        var agencies = 1;
        foreach (var child in (await Task.WhenAll(pending)).OfType<MonevReport>())
        {
            buckets = MonevFacts.Merge(buckets, child.Buckets);
            backlog = backlog.Add(child.Backlog);
            agencies += child.Agencies;
        }

        return new MonevReport(agencyId, subtree, query, buckets, backlog, agencies);
    }

    public Task<ImmutableArray<string>> BeginRebuildAsync() => _ledgerTurns.RunAsync(() =>
    {
        _monev.BeginRebuild();
        return ledger.MonevComplaintIdsAsync(agencyId);
    });

    public Task<bool> CompleteRebuildAsync(ImmutableArray<MonevFactsAt> journals) => _ledgerTurns.RunAsync(async () =>
    {
        if (!_monev.Rebuilding)
        {
            return false;
        }

        await GuardAsync(() => ledger.ReplaceMonevAsync(agencyId, _monev.CompleteRebuild(agencyId, journals)));
        return true;
    });

    private Task<bool> CommitAsync(IReadOnlyList<LedgerEntry> batch) => _ledgerTurns.RunAsync(() => GuardAsync(async () =>
    {
        var written = await ledger.CommitAsync(agencyId, batch, async fresh =>
        {
            foreach (var day in _monev.MissingDays(fresh))
            {
                var stored = await ledger.ReadDaysAsync(agencyId, day, day);
                var (revision, figures) = stored.TryGetValue(day, out var found) ? found : (0, new MonevFigures());
                _monev.Load(day, revision, figures);
            }

            return _monev.Plan(fresh);
        });
        if (written is not null)
        {
            _monev.Accept(written);
        }

        return true;
    }));

    /// <summary>After a failed write the cache may be ahead of storage: forget it and let the activation go.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch
        {
            _monev.Forget();
            onStorageFault();
            throw;
        }
    }

    private Task<bool> GuardAsync(Func<Task> work) => GuardAsync(async () =>
    {
        await work();
        return true;
    });
}
