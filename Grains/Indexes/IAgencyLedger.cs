using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Indexes;

/// <summary>
/// What an agency counts, stored beside its grain in small rows: monev figures per local day, running totals and the
/// escalations it received. Written only by the agency's grain, one transaction per batch of notices.
/// </summary>
public interface IAgencyLedger
{
    /// <summary>Stored figures of the agency's days in [<paramref name="fromDay"/>, <paramref name="toDay"/>] (DayNumber), with revisions.</summary>
    Task<IReadOnlyDictionary<int, (long Revision, MonevFigures Figures)>> ReadDaysAsync(string agencyId, int fromDay, int toDay,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: keeps the entries whose version is newer than the (agency, complaint) monev version stored,
    /// raises those versions, asks <paramref name="plan"/> what the fresh entries write, and writes it. A day whose
    /// stored revision is not the one planned on fails the whole transaction. Returns what was written.
    /// </summary>
    Task<LedgerWrite?> CommitAsync(string agencyId, IReadOnlyList<LedgerEntry> entries,
        Func<IReadOnlyList<LedgerEntry>, Task<LedgerWrite>> plan, CancellationToken cancellationToken = default);

    /// <summary>Running totals and the number of escalations received (zero for an agency with none).</summary>
    Task<(AgencyCounters Counters, int EscalationsReceived)> ReadTotalsAsync(string agencyId, CancellationToken cancellationToken = default);

    /// <summary>The most recent escalations received, newest first.</summary>
    Task<ImmutableArray<EscalationRecord>> ReadEscalationsAsync(string agencyId, int take, CancellationToken cancellationToken = default);

    /// <summary>Complaints with counted monev facts at this agency: the sources of a rebuild.</summary>
    Task<ImmutableArray<string>> MonevComplaintIdsAsync(string agencyId, CancellationToken cancellationToken = default);

    /// <summary>Replaces every day of the agency with <paramref name="rebuilt"/> and raises the complaints' monev versions, in one transaction.</summary>
    Task ReplaceMonevAsync(string agencyId, RebuiltMonev rebuilt, CancellationToken cancellationToken = default);
}
