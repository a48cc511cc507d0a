using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Lapor.Domain.Monev;

/// <summary>Wall-clock hours and working days of one measured step (first response or resolution).</summary>
public sealed record Duration(double? MeanHours, double? MedianHours, double? P90Hours,
    double? MeanWorkingDays, double? MedianWorkingDays, double? P90WorkingDays, long Count);

/// <summary>Reporters' ratings: how many, their average (2 decimals) and the count per score 1–5.</summary>
public sealed record Satisfaction(long Count, double? Average, ImmutableSortedDictionary<int, long> Scores);

/// <summary>Share of each step done within its deadline, 0–100.</summary>
public sealed record SlaCompliance(double? Verification, double? FirstResponse, double? Resolution);

/// <summary>The indicators of docs/domain.md §6.2 for one period. Percentages are 0–100, null when there is no base.</summary>
public sealed record Indicators(
    string Period, DateOnly Start, long Received, long Routed, long Assigned, long Bounced,
    long FollowedUp, double? FollowedUpPercent, long Resolved, double? ResolvedPercent,
    Duration FirstResponse, Duration Resolution, SlaCompliance SlaCompliancePercent,
    ImmutableSortedDictionary<string, long> Breaches, long Escalations, long Reopened, double? ReopenRatePercent,
    long Closed, long Archived, Satisfaction Satisfaction,
    ImmutableSortedDictionary<string, long> Channels, ImmutableSortedDictionary<string, long> Categories,
    ImmutableSortedDictionary<string, long> Kinds);

/// <summary>
/// Turns raw, mergeable figures into the published indicators: rates, durations in hours and working days, SLA
/// compliance and satisfaction. Every number a monev answer shows is decided here.
/// </summary>
public static class MonevIndicators
{
    /// <summary>The indicators of one period (one bucket of a report).</summary>
    public static Indicators Derive(string key, DateOnly start, MonevFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var f = figures;
        var rated = f.Ratings.Values.Sum();
        var ratingSum = f.Ratings.Sum(r => (long)r.Key * r.Value);
        return new Indicators(key, start, f.Received, f.Routed, f.Assigned, f.Bounced, f.FollowedUp, Percent(f.FollowedUp, f.Assigned),
            f.Resolved, Percent(f.Resolved, f.Assigned),
            Durations(f.FirstResponseMinutes, f.FirstResponseWorkingMinutes), Durations(f.ResolutionMinutes, f.ResolutionWorkingMinutes),
            new SlaCompliance(Percent(f.RoutedWithinSla, f.Routed), Percent(f.FirstResponseWithinSla, f.FollowedUp), Percent(f.ResolvedWithinSla, f.Resolved)),
            Mix(f.Breaches), f.Escalations, f.Reopened, Percent(f.Reopened, f.Resolved), f.Closed, f.Archived,
            new Satisfaction(rated, rated == 0 ? null : Math.Round((double)ratingSum / rated, 2), f.Ratings.ToImmutableSortedDictionary()),
            Mix(f.Channels), Mix(f.Categories), Mix(f.Kinds));
    }

    /// <summary>
    /// The indicators of a whole report: every bucket merged, keyed "from/to". The sum is kept per report instance
    /// (<see cref="MonevFacts.Total"/>), so readers of the same cached report do not sum it again.
    /// </summary>
    public static Indicators Total(MonevReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Total(report.Query, MonevFacts.Total(report));
    }

    /// <summary>
    /// The indicators of <paramref name="total"/>, figures already summed over <paramref name="query"/>'s range. Kept per
    /// figures instance (sums are shared and never written once made), so a ranking served again from kept rows does
    /// not derive each child's percentiles again.
    /// </summary>
    public static Indicators Total(MonevQuery query, MonevFigures total)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(total);
        if (Derived.TryGetValue(total, out var kept) && kept.Query == query)
        {
            return kept.Indicators;
        }

        var indicators = Derive($"{query.From:yyyy-MM-dd}/{query.To:yyyy-MM-dd}", query.From, total);
        Derived.AddOrUpdate(total, new DerivedTotal(query, indicators));
        return indicators;
    }

    private static readonly ConditionalWeakTable<MonevFigures, DerivedTotal> Derived = new();

    private sealed record DerivedTotal(MonevQuery Query, Indicators Indicators);

    /// <summary>One bucket's indicators per period of the report, in the report's order.</summary>
    public static ImmutableArray<Indicators> Periods(MonevReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Buckets.Select(b => Derive(b.Key, b.Start, b.Figures))];
    }

    /// <summary>part of whole in percent, two decimals; null when there is nothing to divide by.</summary>
    public static double? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 2);

    /// <summary>Hours (two decimals) from wall-clock minutes; working days (three decimals, 1 day = 1440 working minutes).</summary>
    public static Duration Durations(MinuteHistogram wall, MinuteHistogram working)
    {
        ArgumentNullException.ThrowIfNull(wall);
        ArgumentNullException.ThrowIfNull(working);
        static double? Hours(double? minutes) => minutes is { } m ? Math.Round(m / 60, 2) : null;
        static double? Days(double? minutes) => minutes is { } m ? Math.Round(m / 1440, 3) : null;
        return new Duration(Hours(wall.Mean), Hours(wall.Percentile(0.5)), Hours(wall.Percentile(0.9)),
            Days(working.Mean), Days(working.Percentile(0.5)), Days(working.Percentile(0.9)), wall.Count);
    }

    private static ImmutableSortedDictionary<string, long> Mix<T>(Dictionary<T, long> mix) where T : notnull =>
        mix.Where(p => p.Value != 0).ToImmutableSortedDictionary(p => p.Key.ToString() ?? "", p => p.Value, StringComparer.Ordinal);
}
