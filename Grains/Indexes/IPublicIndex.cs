using System.Collections.Immutable;
using Lapor.Domain.Complaints;

namespace Lapor.Grains.Indexes;

/// <summary>
/// Every published complaint (verified, not rahasia) as one row in the database, written from the complaint's outbox
/// and read newest first with keyset paging: the public feed, its search and the Open311 request list. Reading never
/// activates a complaint.
/// </summary>
public interface IPublicIndex
{
    /// <summary>
    /// Stores the complaint's public line at <paramref name="version"/> unless the stored row is as new or newer; a
    /// null <paramref name="summary"/> withdraws it (no longer published, e.g. marked rahasia).
    /// </summary>
    Task ApplyAsync(string complaintId, int version, PublicSummary? summary, CancellationToken cancellationToken = default);

    /// <summary>One page of published complaints for <paramref name="query"/>, newest submission first.</summary>
    Task<PublicIndexPage> PageAsync(PublicQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Filters of the public list; every one optional. <see cref="Text"/> matches inside titles, any case.</summary>
public sealed record PublicQuery
{
    public const int MaxPageSize = 200;

    public int PageSize { get; init; } = 20;

    /// <summary>Continue after this row (a cursor of <see cref="InboxSort.Newest"/> over submission times).</summary>
    public InboxCursor? After { get; init; }

    public string? AgencyId { get; init; }

    public IReadOnlyCollection<string>? Categories { get; init; }

    public IReadOnlyCollection<ComplaintStatus>? Statuses { get; init; }

    public ReportKind? Kind { get; init; }

    public string? Text { get; init; }

    public DateTimeOffset? SubmittedFrom { get; init; }

    public DateTimeOffset? SubmittedTo { get; init; }
}

/// <summary>A page of the public list and the cursor of the next one (null on the last page).</summary>
public sealed record PublicIndexPage(ImmutableArray<PublicSummary> Items, string? NextCursor);
