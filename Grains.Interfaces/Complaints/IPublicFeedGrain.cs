using System.Collections.Immutable;

namespace Lapor.Orleans.Complaints;

/// <summary>
/// The most recent published complaints, for the public list. Holds summaries only, never confidential
/// complaints and never a reporter's identity. A bounded roll-up: nothing scans the complaints.
/// </summary>
[Alias("lapor.IPublicFeedGrain")]
public interface IPublicFeedGrain : IGrainWithStringKey
{
    public const string Key = "nasional";

    /// <summary>Adds or updates a summary; null removes the complaint (it became confidential or was archived).</summary>
    /// <summary>Interleaves so concurrent publications share one storage write.</summary>
    [Alias("Publish"), global::Orleans.Concurrency.AlwaysInterleave]
    Task Publish(string complaintId, int version, PublicSummary? summary);

    [Alias("List"), global::Orleans.Concurrency.ReadOnly]
    Task<PublicPage> List(int skip, int take, string? agencyId);
}

[GenerateSerializer, Immutable, Alias("lapor.PublicSummary")]
public sealed record PublicSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] ReportKind Kind,
    [property: Id(3)] string Category,
    [property: Id(4)] ComplaintStatus Status,
    [property: Id(5)] string StatusLabel,
    [property: Id(6)] string? AgencyId,
    [property: Id(7)] DateTimeOffset SubmittedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("lapor.PublicPage")]
public sealed record PublicPage(
    [property: Id(0)] int Total,
    [property: Id(1)] ImmutableArray<PublicSummary> Items);
