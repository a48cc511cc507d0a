namespace Lapor.Domain.Complaints;

/// <summary>One line of the public feed: a published complaint without its reporter or body.</summary>
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
