namespace Lapor.Api.Monev;

/// <summary>The main indicators of one period, for charts.</summary>
public sealed record SeriesPoint(string Period, DateOnly Start, long Received, long FollowedUp, double? FollowedUpPercent,
    long Resolved, double? ResolvedPercent, double? MedianFirstResponseWorkingDays, double? MeanFirstResponseWorkingDays);
