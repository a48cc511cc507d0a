using Lapor.Domain.Monev;

namespace Lapor.Grains.Tests.Monev;

/// <summary>The indicators compared between the grains and the brute-force recomputation.</summary>
public sealed record Indicators(
    long Received, long Routed, long RoutedWithinSla, long Assigned, long Bounced, long FollowedUp, long FirstResponseWithinSla,
    long Resolved, long ResolvedWithinSla, long Escalations, long Reopened, long Closed, long Archived,
    string Breaches, string Ratings, string Channels, string Categories, string Kinds,
    string FirstResponse, string FirstResponseWorking, string Resolution, string ResolutionWorking)
{
    private static string Mix<TKey>(IEnumerable<KeyValuePair<TKey, long>> mix) where TKey : notnull =>
        string.Join(",", mix.Where(p => p.Value != 0).Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));

    private static string Stats(MinuteHistogram h) =>
        $"n={h.Count} sum={h.Sum} mean={h.Mean:F4} median={h.Percentile(0.5)} p90={h.Percentile(0.9)}";

    /// <summary>From the grains' mergeable figures (histogram percentiles).</summary>
    public static Indicators From(MonevFigures f) => new(f.Received, f.Routed, f.RoutedWithinSla, f.Assigned, f.Bounced, f.FollowedUp,
        f.FirstResponseWithinSla, f.Resolved, f.ResolvedWithinSla, f.Escalations, f.Reopened, f.Closed, f.Archived,
        Mix(f.Breaches), Mix(f.Ratings), Mix(f.Channels), Mix(f.Categories), Mix(f.Kinds),
        Stats(f.FirstResponseMinutes), Stats(f.FirstResponseWorkingMinutes), Stats(f.ResolutionMinutes), Stats(f.ResolutionWorkingMinutes));

    /// <summary>Brute force from a plain list of facts: counting, and sorting every duration.</summary>
    public static Indicators BruteForce(IReadOnlyCollection<MonevFact> facts)
    {
        long Count(MonevFactKind kind, Func<MonevFact, bool>? also = null) => facts.Count(f => f.Kind == kind && (also?.Invoke(f) ?? true));
        string Group<TKey>(MonevFactKind kind, Func<MonevFact, TKey> key) where TKey : notnull =>
            Mix(facts.Where(f => f.Kind == kind).GroupBy(key).Select(g => new KeyValuePair<TKey, long>(g.Key, g.LongCount())));
        string Durations(MonevFactKind kind, Func<MonevFact, int> minutes)
        {
            var sorted = facts.Where(f => f.Kind == kind).Select(minutes).Order().ToArray();
            if (sorted.Length == 0)
            {
                return "n=0 sum=0 mean= median= p90=";
            }

            var sum = sorted.Sum(m => (long)m);
            int Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length), 1, sorted.Length) - 1];
            return $"n={sorted.Length} sum={sum} mean={(double)sum / sorted.Length:F4} median={Rank(0.5)} p90={Rank(0.9)}";
        }

        return new Indicators(Count(MonevFactKind.Received), Count(MonevFactKind.Routed), Count(MonevFactKind.Routed, f => f.WithinSla),
            Count(MonevFactKind.Assigned), Count(MonevFactKind.Bounced), Count(MonevFactKind.FirstResponse),
            Count(MonevFactKind.FirstResponse, f => f.WithinSla), Count(MonevFactKind.Resolved), Count(MonevFactKind.Resolved, f => f.WithinSla),
            Count(MonevFactKind.Escalation), Count(MonevFactKind.Reopened), Count(MonevFactKind.Closed), Count(MonevFactKind.Archived),
            Group(MonevFactKind.Breach, f => f.Step!.Value), Group(MonevFactKind.Rated, f => f.Score), Group(MonevFactKind.Received, f => f.Channel),
            Group(MonevFactKind.Received, f => f.Category ?? ""), Group(MonevFactKind.Received, f => f.ReportKind),
            Durations(MonevFactKind.FirstResponse, f => f.ElapsedMinutes), Durations(MonevFactKind.FirstResponse, f => f.WorkingMinutes),
            Durations(MonevFactKind.Resolved, f => f.ElapsedMinutes), Durations(MonevFactKind.Resolved, f => f.WorkingMinutes));
    }
}
