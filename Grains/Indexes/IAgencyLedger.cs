using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Indexes;

/// <summary>
/// What an agency counts, stored beside its grain in small rows: monev figures of its own and of its subtree per local
/// day and per month, active inbox lines by hour for the backlog, its place in the roll-up (parent, outbox of subtree
/// changes for the parent, the last change applied from each child), running totals and the escalations it received;
/// and the lines of its inbox (the inbox index, <see cref="IInboxIndex"/>). Written only by the agency's grain, one
/// transaction per batch (docs/monev.md).
/// </summary>
public interface IAgencyLedger
{
    /// <summary>Runs <paramref name="work"/> in one transaction over the agency's rows, committed when it returns.</summary>
    Task<T> TransactAsync<T>(string agencyId, Func<ILedgerTransaction, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>Figures of <paramref name="scope"/> (<see cref="MonevRollup.Own"/> or <see cref="MonevRollup.Subtree"/>) that <paramref name="plan"/> names: month rows and day rows.</summary>
    Task<(IReadOnlyDictionary<int, MonevFigures> Months, IReadOnlyDictionary<int, MonevFigures> Days)> ReadFiguresAsync(string agencyId, int scope,
        MonevReadPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Active inbox lines of <paramref name="scope"/> by age class, the classes bounded by <see cref="MonevRollup.BacklogBounds"/>.</summary>
    Task<MonevBacklog> ReadBacklogAsync(string agencyId, int scope, (int Day3, int Day7, int Day14, int Day30) bounds,
        CancellationToken cancellationToken = default);

    /// <summary>The agency's roll-up node (null before its first roll-up write).</summary>
    Task<MonevNode?> ReadNodeAsync(string agencyId, CancellationToken cancellationToken = default);

    /// <summary>Running totals and the number of escalations received (zero for an agency with none).</summary>
    Task<(AgencyCounters Counters, int EscalationsReceived)> ReadTotalsAsync(string agencyId, CancellationToken cancellationToken = default);

    /// <summary>The most recent escalations received, newest first.</summary>
    Task<ImmutableArray<EscalationRecord>> ReadEscalationsAsync(string agencyId, int take, CancellationToken cancellationToken = default);

    /// <summary>Complaints with counted monev facts at this agency: the sources of a rebuild.</summary>
    Task<ImmutableArray<string>> MonevComplaintIdsAsync(string agencyId, CancellationToken cancellationToken = default);
}

/// <summary>A stored figures row: the agency's own or subtree figures of one day or one month.</summary>
public readonly record struct SumKey(int Scope, int Period, int Start)
{
    public static SumKey OwnDay(int day) => new(MonevRollup.Own, MonevRollup.DayPeriod, day);

    public static SumKey OwnMonth(int day) => new(MonevRollup.Own, MonevRollup.MonthPeriod, MonevRollup.MonthOf(day));

    public static SumKey SubtreeDay(int day) => new(MonevRollup.Subtree, MonevRollup.DayPeriod, day);

    public static SumKey SubtreeMonth(int day) => new(MonevRollup.Subtree, MonevRollup.MonthPeriod, MonevRollup.MonthOf(day));
}

/// <summary>
/// An agency's place in the roll-up: the parent its subtree changes go to, the sequence number of its next change, and
/// how many agencies its subtree holds (itself included).
/// </summary>
public sealed record MonevNode(string? ParentId, long NextSeq, int Agencies);

/// <summary>A subtree change stored for a parent until it acknowledged it.</summary>
public sealed record PendingPush(long Seq, string ParentId, MonevDelta Delta);

/// <summary>A notice to record: the complaint, its version, and its hour of submission while it is in the inbox (else null).</summary>
public sealed record NoticeToRecord(string ComplaintId, int Version, int? Hour);

/// <summary>Whether a notice was fresh, and the backlog change its line made (null: none).</summary>
public sealed record NoticeRecorded(bool Fresh, (int Hour, int Lines)? Line);

/// <summary>The primitives of one ledger transaction (all over one agency's rows).</summary>
public interface ILedgerTransaction
{
    /// <summary>Raises the (agency, complaint) monev version; true when <paramref name="version"/> is newer, i.e. the notice is fresh.</summary>
    Task<bool> RaiseMonevVersionAsync(string complaintId, int version);

    /// <summary>
    /// Records whether the complaint is in the agency's inbox (<paramref name="hour"/>: its hour of submission) or not
    /// (null). Returns the change to the backlog: (hour, +1) when it arrived, (hour, −1) when it left, null otherwise.
    /// </summary>
    Task<(int Hour, int Lines)?> SetLineAsync(string complaintId, int? hour);

    /// <summary>
    /// A batch of notices of distinct complaints: for each, in order, what <see cref="RaiseMonevVersionAsync"/> answers
    /// and, when fresh, what <see cref="SetLineAsync"/> answers. One round trip where the database allows.
    /// </summary>
    Task<IReadOnlyList<NoticeRecorded>> RecordNoticesAsync(IReadOnlyList<NoticeToRecord> notices);

    /// <summary>
    /// Stores the complaints' lines in the agency's inbox (the inbox index), each unless the stored line is as new or
    /// newer, and moves the inbox count with them. Held with the other writes nothing reads where the database allows.
    /// </summary>
    Task StoreInboxLinesAsync(IReadOnlyList<(string ComplaintId, int Version, InboxItem? Item)> lines);

    /// <summary>Raises the last sequence applied from <paramref name="childId"/>; true when <paramref name="seq"/> is newer.</summary>
    Task<bool> RaiseLinkAsync(string childId, long seq);

    /// <summary>The stored rows among <paramref name="keys"/>, with their revisions (absent rows are left out).</summary>
    Task<IReadOnlyDictionary<SumKey, (long Revision, MonevFigures Figures)>> ReadSumsAsync(IReadOnlyCollection<SumKey> keys);

    /// <summary>Every stored row of one scope and period.</summary>
    Task<IReadOnlyDictionary<SumKey, (long Revision, MonevFigures Figures)>> ReadAllSumsAsync(int scope, int period);

    /// <summary>Writes a row expected at <paramref name="expectedRevision"/> (0: absent); any other revision fails the transaction.</summary>
    Task WriteSumAsync(SumKey key, long expectedRevision, MonevFigures figures);

    /// <summary>Adds active lines to the backlog of <paramref name="scope"/> at an hour of submission.</summary>
    Task AddBacklogAsync(int scope, int hour, long lines);

    /// <summary>Active lines of <paramref name="scope"/> by hour of submission.</summary>
    Task<IReadOnlyDictionary<int, long>> ReadBacklogAsync(int scope);

    Task<MonevNode?> ReadNodeAsync();

    Task WriteNodeAsync(MonevNode node);

    Task AppendOutboxAsync(PendingPush entry);

    /// <summary>Entries not yet known to be acknowledged, oldest first.</summary>
    Task<IReadOnlyList<PendingPush>> ReadOutboxAsync();

    /// <summary>Drops entries up to <paramref name="seq"/> (acknowledged by their parents).</summary>
    Task DeleteOutboxAsync(long seq);

    /// <summary>Adds to the running totals and records escalations received (each once).</summary>
    Task AddTotalsAsync(AgencyCounters counters, IReadOnlyCollection<EscalationRecord> escalations);
}
