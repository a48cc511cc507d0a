using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Monev;

/// <summary>The monev part of one notice, as the receiving agency's ledger counts it.</summary>
public sealed record LedgerEntry(
    string ComplaintId,
    int Version,
    ImmutableArray<MonevFact> Facts,
    AgencyCounters Counters,
    EscalationRecord? Escalation)
{
    public static LedgerEntry From(ComplaintNotice notice) => new(notice.ComplaintId, notice.Version,
        notice.Facts.IsDefault ? [] : notice.Facts, notice.Counters, notice.Escalation);

    /// <summary>Whether the agency has anything to count (an inbox-only change goes to the inbox index alone).</summary>
    public bool IsEmpty => Facts.IsEmpty && Counters.IsZero() && Escalation is null;
}

/// <summary>One day's figures to store, replacing the stored revision (0: the day has no row yet).</summary>
public sealed record DayWrite(int Day, long ExpectedRevision, MonevFigures Figures);

/// <summary>Everything one commit of an agency's ledger writes.</summary>
public sealed record LedgerWrite(
    ImmutableArray<DayWrite> Days,
    AgencyCounters Counters,
    ImmutableArray<EscalationRecord> Escalations);

/// <summary>Figures rebuilt from journals, and the version of each complaint they include.</summary>
public sealed record RebuiltMonev(
    IReadOnlyDictionary<int, MonevFigures> Days,
    IReadOnlyDictionary<string, int> Versions);

/// <summary>
/// An agency's monev book kept beside its grain: which days' figures it has read, how a batch of fresh notices changes
/// them, and the notices counted while a rebuild reads journals. Plain code: the store decides which notices are fresh
/// (by version, in the same transaction) and this class decides what they do to the figures.
/// </summary>
public sealed class MonevLedger
{
    private readonly Dictionary<int, (long Revision, MonevFigures Figures)> _days = [];
    private List<MonevFactsAt>? _rebuildLog;

    /// <summary>Days the facts of <paramref name="entries"/> fall on that this ledger has not read yet.</summary>
    public IReadOnlyList<int> MissingDays(IEnumerable<LedgerEntry> entries) =>
        [.. entries.SelectMany(e => e.Facts).Select(f => MonevFacts.Day(f).DayNumber).Distinct().Where(d => !_days.ContainsKey(d))];

    /// <summary>Takes a stored day (revision 0 and empty figures for a day with no row).</summary>
    public void Load(int day, long revision, MonevFigures figures) => _days[day] = (revision, figures);

    /// <summary>
    /// What counting <paramref name="fresh"/> writes: a new copy of every touched day with the facts applied, the
    /// counter deltas and the escalations. The cached days change only in <see cref="Accept"/>, after the write.
    /// </summary>
    public LedgerWrite Plan(IReadOnlyList<LedgerEntry> fresh)
    {
        var touched = new Dictionary<int, DayWrite>();
        var counters = AgencyCounters.Zero;
        var escalations = ImmutableArray.CreateBuilder<EscalationRecord>();
        foreach (var entry in fresh)
        {
            counters = counters.Add(entry.Counters);
            if (entry.Escalation is { } escalation)
            {
                escalations.Add(escalation);
            }

            foreach (var fact in entry.Facts)
            {
                var day = MonevFacts.Day(fact).DayNumber;
                if (!touched.TryGetValue(day, out var write))
                {
                    var (revision, figures) = _days.TryGetValue(day, out var stored) ? stored : (0, new MonevFigures());
                    touched[day] = write = new DayWrite(day, revision, figures.Copy());
                }

                write.Figures.Apply(fact);
            }
        }

        _rebuildLog?.AddRange(fresh.Where(e => !e.Facts.IsEmpty)
            .Select(e => new MonevFactsAt(e.ComplaintId, e.Version, [.. e.Facts.Select(f => new MonevJournalEntry("", e.Version, f))])));
        return new LedgerWrite([.. touched.Values.OrderBy(d => d.Day)], counters, escalations.ToImmutable());
    }

    /// <summary>The write is stored: its days become the cached ones, one revision on.</summary>
    public void Accept(LedgerWrite write)
    {
        foreach (var day in write.Days)
        {
            _days[day.Day] = (day.ExpectedRevision + 1, day.Figures);
        }
    }

    /// <summary>Storage and cache may disagree (a failed or foreign write): read every day again next time.</summary>
    public void Forget()
    {
        _days.Clear();
        _rebuildLog = null;
    }

    /// <summary>A rebuild starts reading journals; notices counted from now on are kept to replay onto its result.</summary>
    public void BeginRebuild() => _rebuildLog = [];

    /// <summary>Whether a rebuild started by this activation is still collecting.</summary>
    public bool Rebuilding => _rebuildLog is not null;

    /// <summary>
    /// Figures from the journals (each complaint's facts for <paramref name="agencyId"/> at the version it was read),
    /// plus what was counted meanwhile from versions the journals did not hold yet.
    /// </summary>
    public RebuiltMonev CompleteRebuild(string agencyId, IEnumerable<MonevFactsAt> journals)
    {
        var days = new Dictionary<int, MonevFigures>();
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(IEnumerable<MonevFact> facts)
        {
            foreach (var fact in facts)
            {
                var day = MonevFacts.Day(fact).DayNumber;
                if (!days.TryGetValue(day, out var figures))
                {
                    days[day] = figures = new MonevFigures();
                }

                figures.Apply(fact);
            }
        }

        foreach (var journal in journals)
        {
            Count(journal.Entries.Where(e => e.AgencyId == agencyId).Select(e => e.Fact));
            versions[journal.ComplaintId] = Math.Max(versions.GetValueOrDefault(journal.ComplaintId), journal.Version);
        }

        foreach (var logged in _rebuildLog ?? [])
        {
            if (logged.Version > versions.GetValueOrDefault(logged.ComplaintId))
            {
                Count(logged.Entries.Select(e => e.Fact));
                versions[logged.ComplaintId] = logged.Version;
            }
        }

        _rebuildLog = null;
        _days.Clear();
        return new RebuiltMonev(days, versions);
    }
}
