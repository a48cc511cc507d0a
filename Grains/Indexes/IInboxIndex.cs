using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Indexes;

/// <summary>
/// Every agency's inbox as rows in the database, one per (agency, complaint): written from the complaint's outbox by the
/// agency's ledger transaction (<see cref="ILedgerTransaction.StoreInboxLinesAsync"/>), read with keyset paging.
/// Reading never activates a complaint or an agency.
/// </summary>
public interface IInboxIndex
{
    /// <summary>One page of an agency's inbox for <paramref name="query"/>, at <paramref name="now"/> (for "overdue").</summary>
    Task<InboxPage> PageAsync(string agencyId, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Complaints in the agency's inbox now.</summary>
    Task<int> CountActiveAsync(string agencyId, CancellationToken cancellationToken = default);

    /// <summary>Complaints in the agency's inbox by age since submission at <paramref name="now"/>.</summary>
    Task<MonevBacklog> BacklogAsync(string agencyId, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A complaint's line in one agency's inbox at one version; null <see cref="Item"/> means it left the inbox.</summary>
public sealed record InboxLine(string AgencyId, int Version, InboxItem? Item);
