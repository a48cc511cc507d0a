namespace Lapor.Api.Contracts;

/// <summary>The calendar version, the years with holiday data, and the years up to next year still missing.</summary>
public sealed record CalendarOverview(int Version, IReadOnlyList<int> Years, IReadOnlyList<int> MissingYears);
