using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Agencies;

/// <summary>
/// The agency grain's bookkeeping for one activation (docs/monev.md, "Roll-up"). Counts notices and children's subtree
/// changes into the ledger in batches (one transaction per batch, whatever the backlog): its own figures, its subtree's
/// figures, the backlog, and one numbered change for its parent in the same transaction. Then hands its unacknowledged
/// changes to the parent, outside the ledger's turn and one call at a time (oldest first), and answers the batch's callers
/// once the parent acknowledged their change, or after <paramref name="rollUpWait"/> (a slow or hung ancestor never
/// holds the notices of the agencies below it longer). Answers monev reads from a handful of rows, never from the
/// agencies below. Runs moves and the switch of a rebuild so that no batch interleaves with them (one
/// <see cref="TurnQueue"/> for every ledger write).
/// </summary>
/// <param name="agencyId">The agency.</param>
/// <param name="ledger">Its rows.</param>
/// <param name="inbox">The inbox index (open complaints for the summary).</param>
/// <param name="parentOf">The parent the agency's profile names now (null: the root, or not defined yet).</param>
/// <param name="forward">Sends changes to a parent: (parent, child, changes); returns once the parent stored them.</param>
/// <param name="onStorageFault">Called after a failed write (the grain lets the activation go).</param>
/// <param name="time">The clock <paramref name="rollUpWait"/> is measured on.</param>
/// <param name="rollUpWait">How long callers wait for the parent's acknowledgement of their change.</param>
/// <param name="deferred">
/// Called before callers are answered without that acknowledgement (with the parent's fault when the hand-over failed,
/// null when it is still under way): the grain arms what sends the stored change on later. A failure reaches the callers.
/// </param>
internal sealed class AgencyBook(
    string agencyId,
    IAgencyLedger ledger,
    IInboxIndex inbox,
    Func<string?> parentOf,
    Func<string, string, ImmutableArray<MonevPush>, Task> forward,
    Action onStorageFault,
    TimeProvider time,
    TimeSpan rollUpWait,
    Func<Exception?, Task> deferred)
{
    /// <summary>Rows kept in memory between batches; beyond this the cache starts over (rows are read again on demand).</summary>
    private const int CachedRows = 1024;

    /// <summary>Reports kept between changes; beyond this the report cache starts over.</summary>
    private const int CachedReports = 64;

    /// <summary>Changes sent to a parent in one call at most.</summary>
    private const int PushChunk = 64;

    private readonly MonevLedger _monev = new();
    private readonly Dictionary<SumKey, (long Revision, MonevFigures Figures)> _rows = [];
    private readonly Dictionary<(MonevQuery Query, bool Subtree), (long Version, (int, int, int, int) Bounds, MonevReport Report)> _reports = [];

    /// <summary>
    /// Month rows as stored now (decoded, shared, never changed; null: no row): read once, or published by the write that
    /// changed them (so reads during a stream of writes never go back to the database for a month row).
    /// </summary>
    private readonly Dictionary<(int Scope, int Month), MonevFigures?> _months = [];

    /// <summary>Month rows written by the transaction in progress, published once it committed.</summary>
    private readonly List<SumKey> _written = [];

    /// <summary>Changes with every write of this activation (and when it forgets its cache): a cached report is valid only at its version.</summary>
    private long _version;
    private Batcher<Input>? _batcher;
    private readonly TurnQueue _ledgerTurns = new();
    private MonevNode? _node;
    /// <summary>Changes for the parents not acknowledged yet, oldest first (null: not read from the outbox yet).</summary>
    private List<PendingPush>? _pending;

    /// <summary>
    /// What a transaction read from the outbox and added to it, published to <see cref="_pending"/> once it committed:
    /// the hand-over runs beside the next transaction and must never send a change that may not be stored.
    /// </summary>
    private List<PendingPush>? _outboxRead;
    private readonly List<PendingPush> _outboxAdded = [];

    /// <summary>The newest change a parent acknowledged (changes are numbered once per agency, so this stays true).</summary>
    private long _acked;
    private long _deleted;

    /// <summary>The number of the newest change for a parent as of the last commit (0: none).</summary>
    private long _committedUpTo;

    /// <summary>Whether a hand-over to the parents is under way (one at a time, so a parent receives each child's changes in order).</summary>
    private bool _handingOver;

    /// <summary>The last hand-over started (the roll-up reminder's tick waits for it).</summary>
    private Task _forwarding = Task.CompletedTask;

    /// <summary>Callers waiting for their change (by its number) to be acknowledged: true once it is, false when the hand-over failed.</summary>
    private readonly List<(long Seq, TaskCompletionSource<bool> Acknowledged)> _waiting = [];

    /// <summary>A notice, or a child's changes.</summary>
    private readonly record struct Input(LedgerEntry? Entry, string? ChildId, ImmutableArray<MonevPush> Pushes);

    public Task CountAsync(LedgerEntry entry) => Enqueue(new Input(entry, null, default));

    public Task RollUpAsync(string childId, ImmutableArray<MonevPush> pushes) => Enqueue(new Input(null, childId, pushes));

    /// <summary>Creates the agency's roll-up node, or moves its subtree to the parent its profile names now.</summary>
    public async Task SyncAsync()
    {
        await FlushAsync([]);
        await HandedUpAsync(_committedUpTo);
    }

    /// <summary>Changes stored for the parent and not yet acknowledged by it (read from storage on first use).</summary>
    public async Task<int> PendingAsync()
    {
        var parent = parentOf();
        await _ledgerTurns.RunAsync(() => _pending is null
            ? GuardAsync(async () =>
            {
                await ledger.TransactAsync(agencyId, tx => CommitAsync(tx, [], parent));
                Committed();
                return true;
            })
            : Task.FromResult(true));
        return _pending?.Count ?? 0;
    }

    /// <summary>
    /// Reads the outbox if not read yet and hands what it holds to the parents; the number of changes still not
    /// acknowledged afterwards (the roll-up reminder's tick).
    /// </summary>
    public async Task<int> SendPendingAsync()
    {
        await PendingAsync();
        StartForwarding();
        await _forwarding;

        return _pending?.Count ?? 0;
    }

    public async Task<AgencySummary> SummaryAsync(AgencyProfile profile, ImmutableArray<string> children)
    {
        var (counters, escalations) = await ledger.ReadTotalsAsync(agencyId);
        return new AgencySummary(profile, children, counters, await inbox.CountActiveAsync(agencyId), escalations);
    }

    /// <summary>Own or subtree figures for <paramref name="query"/>: its month and day rows, the backlog at <paramref name="now"/>.</summary>
    /// <remarks>
    /// The rows read change only through this activation, so a report read since its last change is kept and served
    /// again (exact; the backlog's age classes are part of the key, so it is read again after local midnight).
    /// </remarks>
    public async Task<MonevReport> ReportAsync(MonevQuery query, bool subtree, DateTimeOffset now, AgencyZone zone)
    {
        var version = _version;
        var bounds = MonevRollup.BacklogBounds(now, zone);
        if (_reports.TryGetValue((query, subtree), out var cached) && cached.Version == version && cached.Bounds == bounds)
        {
            return cached.Report;
        }

        var scope = subtree ? MonevRollup.Subtree : MonevRollup.Own;
        var plan = MonevRollup.Plan(query);
        var months = new Dictionary<int, MonevFigures>();
        var missing = new List<int>();
        foreach (var month in plan.Months)
        {
            if (_months.TryGetValue((scope, month), out var known))
            {
                if (known is not null)
                {
                    months[month] = known;
                }
            }
            else
            {
                missing.Add(month);
            }
        }

        var (read, days) = missing.Count > 0 || !plan.DayRanges.IsEmpty
            ? await ledger.ReadFiguresAsync(agencyId, scope, plan with { Months = [.. missing] })
            : (new Dictionary<int, MonevFigures>(), new Dictionary<int, MonevFigures>());
        foreach (var month in missing)
        {
            var figures = read.GetValueOrDefault(month);
            figures?.Normalize();
            if (figures is not null)
            {
                months[month] = figures;
            }

            // Kept decoded (absent ones too) until a write of this activation touches the row.
            if (version == _version)
            {
                _months[(scope, month)] = figures;
            }
        }

        var backlog = await ledger.ReadBacklogAsync(agencyId, scope, bounds);
        var agencies = subtree ? (await ledger.ReadNodeAsync(agencyId))?.Agencies ?? 1 : 1;
        var buckets = MonevRollup.Group(months, days, query);
        foreach (var bucket in buckets)
        {
            // Shared by every reader from now on: bring the histograms into their final form once.
            bucket.Figures.Normalize();
        }

        var report = new MonevReport(agencyId, subtree, query, buckets, backlog, agencies);
        if (version == _version)
        {
            if (_reports.Count >= CachedReports)
            {
                _reports.Clear();
            }

            _reports[(query, subtree)] = (version, bounds, report);
        }

        return report;
    }

    public Task<ImmutableArray<string>> BeginRebuildAsync() => _ledgerTurns.RunAsync(() =>
    {
        _monev.BeginRebuild();
        return ledger.MonevComplaintIdsAsync(agencyId);
    });

    public async Task<bool> CompleteRebuildAsync(ImmutableArray<MonevFactsAt> journals)
    {
        var switched = await _ledgerTurns.RunAsync(async () =>
        {
            if (!_monev.Rebuilding)
            {
                return (long?)null;
            }

            var rebuilt = _monev.CompleteRebuild(agencyId, journals);
            var parent = parentOf();
            await GuardAsync(() => ledger.TransactAsync(agencyId, async tx =>
            {
                var delta = await LoadAsync(tx, parent);
                await ReplaceOwnAsync(tx, rebuilt, delta);
                return await WriteAsync(tx, new MonevDelta(), delta, AgencyCounters.Zero, []);
            }));
            return Committed();
        });
        if (switched is not { } upTo)
        {
            return false;
        }

        await HandedUpAsync(upTo);
        return true;
    }

    /// <summary>
    /// The input's batch commits, then its caller waits for the hand-over apart from the batcher, so the next batch
    /// commits meanwhile (waiting at most for changes numbered up to the newest batch committed by then).
    /// </summary>
    private async Task Enqueue(Input input)
    {
        await (_batcher ??= new Batcher<Input>(FlushAsync)).EnqueueAsync(input);
        await HandedUpAsync(_committedUpTo);
    }

    private async Task FlushAsync(IReadOnlyList<Input> batch) => _committedUpTo = await _ledgerTurns.RunAsync(async () =>
    {
        var parent = parentOf();
        await GuardAsync(() => ledger.TransactAsync(agencyId, tx => CommitAsync(tx, batch, parent)));
        return Committed();
    });

    /// <summary>
    /// Returns once the parents acknowledged every change numbered up to <paramref name="upTo"/>, or, if that takes
    /// longer than <c>rollUpWait</c> or the hand-over fails, once the grain armed what sends them on later.
    /// </summary>
    private async Task HandedUpAsync(long upTo)
    {
        if (upTo <= _acked)
        {
            return;
        }

        var waiter = (upTo, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        _waiting.Add(waiter);
        StartForwarding();
        try
        {
            // False: the hand-over failed, and armed the retry before telling the waiting callers.
            await waiter.Item2.Task.WaitAsync(rollUpWait, time);
        }
        catch (TimeoutException)
        {
            // Still under way: the stored change goes on without these callers.
            _waiting.Remove(waiter);
            await deferred(null);
        }
    }

    /// <summary>
    /// One batch in one transaction: fresh notices and children's changes into own and subtree rows and the outbox.
    /// Runs off the grain's scheduler on SQLite (see IndexDatabase): it touches only this book, never the grain.
    /// </summary>
    private async Task<bool> CommitAsync(ILedgerTransaction tx, IReadOnlyList<Input> batch, string? parent)
    {
        var subtree = await LoadAsync(tx, parent);
        var own = new MonevDelta();
        var counters = AgencyCounters.Zero;
        var escalations = new List<EscalationRecord>();
        var fresh = new List<LedgerEntry>();
        // Every notice's inbox line, fresh for the figures or not: the inbox row keeps its own version (a rebuild may have
        // counted a version whose line is still on its way). Before the monev versions: a new complaint's row is then
        // inserted whole, and raising its monev version changes no indexed column.
        await tx.StoreInboxLinesAsync([.. batch.Where(i => i.Entry is not null).Select(i => (i.Entry!.ComplaintId, i.Entry.Version, i.Entry.Item))]);
        var recorded = await RecordAsync(tx, batch);
        for (var i = 0; i < batch.Count; i++)
        {
            var input = batch[i];
            if (input.Entry is { } entry)
            {
                if (recorded[i] is not { Fresh: true } outcome)
                {
                    continue;
                }

                fresh.Add(entry);
                counters = counters.Add(entry.Counters);
                if (entry.Escalation is { } escalation)
                {
                    escalations.Add(escalation);
                }

                foreach (var fact in entry.Facts)
                {
                    own.AddFact(fact);
                }

                if (outcome.Line is { } line)
                {
                    own.AddLines(line.Hour, line.Lines);
                }
            }
            else
            {
                foreach (var push in input.Pushes.OrderBy(p => p.Seq))
                {
                    if (await tx.RaiseLinkAsync(input.ChildId!, push.Seq))
                    {
                        subtree.Merge(push.Delta);
                    }
                }
            }
        }

        _monev.Counted(fresh);
        return await WriteAsync(tx, own, subtree, counters, escalations);
    }

    /// <summary>
    /// The batch's notices recorded together (one statement on PostgreSQL), by position in the batch; children's changes
    /// and a complaint's second notice in one batch (a redelivery racing its original) get null and go one at a time.
    /// </summary>
    private static async Task<NoticeRecorded?[]> RecordAsync(ILedgerTransaction tx, IReadOnlyList<Input> batch)
    {
        var outcomes = new NoticeRecorded?[batch.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var positions = new List<int>();
        var notices = new List<NoticeToRecord>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Entry is { } entry && seen.Add(entry.ComplaintId))
            {
                positions.Add(i);
                notices.Add(new NoticeToRecord(entry.ComplaintId, entry.Version, entry.ActiveHour));
            }
        }

        var results = notices.Count > 0 ? await tx.RecordNoticesAsync(notices) : [];
        for (var n = 0; n < positions.Count; n++)
        {
            outcomes[positions[n]] = results[n];
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is null && batch[i].Entry is { } entry)
            {
                outcomes[i] = (await tx.RecordNoticesAsync([new NoticeToRecord(entry.ComplaintId, entry.Version, entry.ActiveHour)]))[0];
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Reads the node and the outbox on first use (creating the node for a new agency: one more agency in the parent's
    /// subtree), and moves the subtree when the profile names another parent than the node. Returns the subtree change
    /// this transaction starts with.
    /// </summary>
    private async Task<MonevDelta> LoadAsync(ILedgerTransaction tx, string? parent)
    {
        var delta = new MonevDelta();
        if (_node is null)
        {
            _node = await tx.ReadNodeAsync();
            _outboxRead = [.. (await tx.ReadOutboxAsync()).Select(p => p with { Delta = p.Delta.Normalized() })];
            _deleted = 0;
            if (_node is null)
            {
                _node = new MonevNode(parent, 1, 0);
                delta.Agencies = 1;
                await tx.WriteNodeAsync(_node);
            }
        }

        if (_node.ParentId != parent)
        {
            await MoveAsync(tx, parent);
        }

        return delta;
    }

    /// <summary>
    /// The subtree's whole history leaves the old parent and joins the new one (docs/monev.md, "Moves"): two changes in
    /// the outbox, taken from the stored subtree rows before this transaction adds anything, so the old parent's chain
    /// ends with exactly nothing from this agency.
    /// </summary>
    private async Task MoveAsync(ILedgerTransaction tx, string? parent)
    {
        var node = _node!;
        var whole = new MonevDelta { Agencies = node.Agencies };
        foreach (var (key, row) in await tx.ReadAllSumsAsync(MonevRollup.Subtree, MonevRollup.DayPeriod))
        {
            whole.Days[key.Start] = row.Figures;
        }

        foreach (var (hour, lines) in await tx.ReadBacklogAsync(MonevRollup.Subtree))
        {
            whole.AddLines(hour, lines);
        }

        whole.Normalized();
        var seq = node.NextSeq;
        var leaving = new List<PendingPush>();
        if (node.ParentId is { } old)
        {
            leaving.Add(new PendingPush(seq++, old, whole.Negated().Normalized()));
        }

        if (parent is not null)
        {
            leaving.Add(new PendingPush(seq++, parent, whole));
        }

        foreach (var push in leaving)
        {
            await tx.AppendOutboxAsync(push);
        }

        _node = node with { ParentId = parent, NextSeq = seq };
        await tx.WriteNodeAsync(_node);
        _outboxAdded.AddRange(leaving);
    }

    /// <summary>
    /// Writes own changes into own rows, own plus children's into subtree rows, the backlog, totals and one outbox change.
    /// Cached rows are changed in place: a failed transaction forgets the whole cache.
    /// </summary>
    private async Task<bool> WriteAsync(ILedgerTransaction tx, MonevDelta own, MonevDelta subtree, AgencyCounters counters,
        IReadOnlyCollection<EscalationRecord> escalations)
    {
        subtree.Merge(own);
        var additions = new List<(SumKey Key, MonevFigures Figures)>();
        foreach (var (day, figures) in own.Days)
        {
            additions.Add((SumKey.OwnDay(day), figures));
            additions.Add((SumKey.OwnMonth(day), figures));
        }

        foreach (var (day, figures) in subtree.Days)
        {
            additions.Add((SumKey.SubtreeDay(day), figures));
            additions.Add((SumKey.SubtreeMonth(day), figures));
        }

        await AddToRowsAsync(tx, additions);
        foreach (var (hour, lines) in own.Backlog)
        {
            await tx.AddBacklogAsync(MonevRollup.Own, hour, lines);
        }

        foreach (var (hour, lines) in subtree.Backlog)
        {
            await tx.AddBacklogAsync(MonevRollup.Subtree, hour, lines);
        }

        await tx.AddTotalsAsync(counters, escalations);

        var node = _node!;
        if (subtree.Agencies != 0 || (node.ParentId is not null && !subtree.IsEmpty))
        {
            node = node with { Agencies = node.Agencies + subtree.Agencies };
            if (node.ParentId is { } parent && !subtree.IsEmpty)
            {
                var push = new PendingPush(node.NextSeq, parent, subtree.Normalized());
                await tx.AppendOutboxAsync(push);
                node = node with { NextSeq = node.NextSeq + 1 };
                _outboxAdded.Add(push);
            }

            await tx.WriteNodeAsync(node);
            _node = node;
        }

        // Read once: the hand-over may raise it meanwhile.
        var acked = _acked;
        if (acked > _deleted)
        {
            await tx.DeleteOutboxAsync(acked);
            _deleted = acked;
        }

        return true;
    }

    private async Task AddToRowsAsync(ILedgerTransaction tx, List<(SumKey Key, MonevFigures Figures)> additions)
    {
        if (additions.Count == 0)
        {
            return;
        }

        if (_rows.Count > CachedRows)
        {
            _rows.Clear();
        }

        var missing = additions.Select(a => a.Key).Where(k => !_rows.ContainsKey(k)).ToHashSet();
        if (missing.Count > 0)
        {
            var stored = await tx.ReadSumsAsync(missing);
            foreach (var key in missing)
            {
                _rows[key] = stored.TryGetValue(key, out var row) ? row : (0, new MonevFigures());
            }
        }

        var touched = new HashSet<SumKey>();
        foreach (var (key, figures) in additions)
        {
            _rows[key].Figures.Merge(figures);
            touched.Add(key);
        }

        foreach (var key in touched)
        {
            var (revision, figures) = _rows[key];
            await tx.WriteSumAsync(key, revision, figures);
            _rows[key] = (revision + 1, figures);
            if (key.Period == MonevRollup.MonthPeriod)
            {
                _written.Add(key);
            }
        }
    }

    /// <summary>A rebuild's own days replace the stored ones; the difference joins the subtree change.</summary>
    private async Task ReplaceOwnAsync(ILedgerTransaction tx, RebuiltMonev rebuilt, MonevDelta subtree)
    {
        _rows.Clear();
        _months.Clear();
        var oldDays = await tx.ReadAllSumsAsync(MonevRollup.Own, MonevRollup.DayPeriod);
        var oldMonths = await tx.ReadAllSumsAsync(MonevRollup.Own, MonevRollup.MonthPeriod);
        var newMonths = new Dictionary<int, MonevFigures>();
        foreach (var (day, figures) in rebuilt.Days)
        {
            var month = MonevRollup.MonthOf(day);
            if (!newMonths.TryGetValue(month, out var sum))
            {
                newMonths[month] = sum = new MonevFigures();
            }

            sum.Merge(figures);
        }

        foreach (var day in oldDays.Keys.Select(k => k.Start).Union(rebuilt.Days.Keys))
        {
            var now = rebuilt.Days.GetValueOrDefault(day) ?? new MonevFigures();
            var before = oldDays.TryGetValue(SumKey.OwnDay(day), out var row) ? row : (0, new MonevFigures());
            var change = now.Copy();
            change.Merge(before.Figures, -1);
            if (!change.IsZero)
            {
                subtree.Days[day] = change;
            }

            await tx.WriteSumAsync(SumKey.OwnDay(day), before.Item1, now);
        }

        foreach (var month in oldMonths.Keys.Select(k => k.Start).Union(newMonths.Keys))
        {
            var before = oldMonths.TryGetValue(SumKey.OwnMonth(month), out var row) ? row.Revision : 0;
            await tx.WriteSumAsync(SumKey.OwnMonth(month), before, newMonths.GetValueOrDefault(month) ?? new MonevFigures());
            _written.Add(SumKey.OwnMonth(month));
        }

        foreach (var (complaintId, version) in rebuilt.Versions)
        {
            await tx.RaiseMonevVersionAsync(complaintId, version);
        }

        // The subtree rows below are read afresh: the own rows just written are not in the cache.
        _rows.Clear();
    }

    /// <summary>
    /// After a commit, in the same turn (no reader interleaves): the month rows it wrote become the readers' copies
    /// (copies share the histograms' arrays, which are never written in place), and cached reports expire. Returns the
    /// number of the newest change for a parent (0: none).
    /// </summary>
    private long Committed()
    {
        foreach (var key in _written)
        {
            if (_rows.TryGetValue(key, out var row))
            {
                _months[(key.Scope, key.Start)] = row.Figures.Copy();
            }
            else
            {
                _months.Remove((key.Scope, key.Start));
            }
        }

        _written.Clear();
        _version++;
        if (_outboxRead is { } read)
        {
            _pending = read;
            _outboxRead = null;
        }

        _pending!.AddRange(_outboxAdded);
        _outboxAdded.Clear();
        return _pending is { Count: > 0 } pending ? pending[^1].Seq : 0;
    }

    /// <summary>Starts handing the unacknowledged changes to their parents unless that is under way already.</summary>
    private void StartForwarding()
    {
        if (!_handingOver && _pending is { Count: > 0 })
        {
            // Set before the start: the hand-over may finish before it returns.
            _handingOver = true;
            _forwarding = ForwardAsync();
        }
    }

    /// <summary>
    /// Hands unacknowledged changes to their parents, oldest first, until none is left (those stored meanwhile
    /// included), and answers the callers waiting for each. When a parent fails, the changes stay in the outbox and in
    /// memory, the retry is armed, and the callers still waiting are told.
    /// </summary>
    private async Task ForwardAsync()
    {
        Exception? fault = null;
        try
        {
            while (_pending is { Count: > 0 } pending)
            {
                var parent = pending[0].ParentId;
                var chunk = pending.TakeWhile(p => p.ParentId == parent).Take(PushChunk).ToList();
                await forward(parent, agencyId, [.. chunk.Select(p => new MonevPush(p.Seq, p.Delta))]);

                // Unless a failed write let go of the memory meanwhile (the outbox is then read again and resent from its
                // start; the parent skips repeats).
                if (ReferenceEquals(pending, _pending))
                {
                    pending.RemoveRange(0, chunk.Count);
                }

                _acked = Math.Max(_acked, chunk[^1].Seq);
                Answer(s => s <= _acked, true);
            }
        }
        catch (Exception ex)
        {
            fault = ex;
        }
        finally
        {
            _handingOver = false;
        }

        if (fault is null)
        {
            return;
        }

        try
        {
            await deferred(fault);
            Answer(_ => true, false);
        }
        catch (Exception armFault)
        {
            // Nothing would send the change on later: the callers see the error and send their notices again, which
            // hands the outbox over again (the grain logged the fault).
            Fail(armFault);
        }
    }

    private void Answer(Func<long, bool> which, bool acknowledged)
    {
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            if (which(_waiting[i].Seq))
            {
                _waiting[i].Acknowledged.TrySetResult(acknowledged);
                _waiting.RemoveAt(i);
            }
        }
    }

    private void Fail(Exception fault)
    {
        foreach (var (_, waiter) in _waiting)
        {
            waiter.TrySetException(fault);
        }

        _waiting.Clear();
    }

    /// <summary>After a failed write memory may be ahead of storage: forget it and let the activation go.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch
        {
            _rows.Clear();
            _months.Clear();
            _written.Clear();
            _node = null;
            _pending = null;
            _outboxRead = null;
            _outboxAdded.Clear();
            _monev.Forget();
            _version++;
            onStorageFault();
            throw;
        }
    }
}
