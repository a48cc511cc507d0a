using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Monev;

/// <summary>
/// The monev part of one notice, as the receiving agency's ledger counts it: its facts, totals, escalation, and
/// whether the complaint is in the agency's inbox (<see cref="ActiveHour"/>: the hour it was submitted), which the
/// backlog counts. Every notice carries the last, so every notice is counted (none is "empty").
/// </summary>
public sealed record LedgerEntry(
    string ComplaintId,
    int Version,
    ImmutableArray<MonevFact> Facts,
    AgencyCounters Counters,
    EscalationRecord? Escalation)
{
    /// <summary>The complaint's line in the agency's inbox at this version; null once it left.</summary>
    public InboxItem? Item { get; init; }

    /// <summary>Hour of submission (<see cref="MonevRollup.Hour"/>) while the complaint is in the inbox; null once it left.</summary>
    public int? ActiveHour => Item is { } item ? MonevRollup.Hour(item.SubmittedAt) : null;

    public static LedgerEntry From(ComplaintNotice notice) => new(notice.ComplaintId, notice.Version,
        notice.Facts.IsDefault ? [] : notice.Facts, notice.Counters, notice.Escalation)
    {
        Item = notice.Item,
    };
}

/// <summary>Figures rebuilt from journals, and the version of each complaint they include.</summary>
public sealed record RebuiltMonev(
    IReadOnlyDictionary<int, MonevFigures> Days,
    IReadOnlyDictionary<string, int> Versions);

/// <summary>
/// An agency's rebuild in progress: the notices counted while the rebuild reads journals, and how the journals plus
/// those notices become the new figures. Plain code: the store decides which notices are fresh (by version, in the same
/// transaction) and this class only remembers them.
/// </summary>
public sealed class MonevLedger
{
    private List<MonevFactsAt>? _rebuildLog;

    /// <summary>A rebuild starts reading journals; notices counted from now on are kept to replay onto its result.</summary>
    public void BeginRebuild() => _rebuildLog = [];

    /// <summary>Whether a rebuild started by this activation is still collecting.</summary>
    public bool Rebuilding => _rebuildLog is not null;

    /// <summary>Remembers fresh notices while a rebuild collects (no-op otherwise).</summary>
    public void Counted(IEnumerable<LedgerEntry> fresh) =>
        _rebuildLog?.AddRange(fresh.Where(e => !e.Facts.IsEmpty)
            .Select(e => new MonevFactsAt(e.ComplaintId, e.Version, [.. e.Facts.Select(f => new MonevJournalEntry("", e.Version, f))])));

    /// <summary>Storage and memory may disagree (a failed write): a rebuild in progress must start again.</summary>
    public void Forget() => _rebuildLog = null;

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
        return new RebuiltMonev(days, versions);
    }
}
