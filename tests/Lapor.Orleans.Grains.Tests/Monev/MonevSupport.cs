using System.Collections.Concurrent;
using System.Collections.Immutable;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Lapor.Grains.Complaints;

namespace Lapor.Grains.Tests.Monev;

/// <summary>A cluster of its own for monev: national figures then hold only what these tests created.</summary>
public sealed class MonevClusterFixture : EngineClusterFixture
{
    /// <summary>Every complaint created on this cluster, so the national level can be recomputed too.</summary>
    public ConcurrentBag<string> Complaints { get; } = [];

    /// <summary>A generated year is ~100,000 storage writes: kept in memory (the storage itself is tested elsewhere).</summary>
    protected override bool InMemoryStorage => true;
}

[CollectionDefinition(Name)]
public sealed class MonevCollection : ICollectionFixture<MonevClusterFixture>
{
    public const string Name = "monev";
}

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

/// <summary>Reads journals back from the complaint grains and compares every agency and roll-up level.</summary>
public static class MonevCheck
{
    public static async Task<List<MonevJournalEntry>> JournalsAsync(IGrainFactory grains, IEnumerable<string> complaintIds)
    {
        var all = new ConcurrentBag<MonevFactsAt>();
        await Parallel.ForEachAsync(complaintIds.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (id, _) => all.Add(await grains.GetGrain<IComplaintGrain>(id).GetMonevFacts(null)));
        return [.. all.SelectMany(a => a.Entries)];
    }

    /// <summary>
    /// For each agency in <paramref name="tree"/> (id → parent id), own and subtree figures for every month and for
    /// the whole range equal the brute-force recomputation from <paramref name="journal"/>.
    /// </summary>
    public static async Task AssertAllAsync(IGrainFactory grains, IReadOnlyDictionary<string, string?> tree, List<MonevJournalEntry> journal,
        DateOnly from, DateOnly to)
    {
        var byAgency = journal.ToLookup(e => e.AgencyId);
        IEnumerable<string> Subtree(string id) => tree.Keys.Where(a => Ancestors(tree, a).Contains(id));
        var compared = 0;
        foreach (var agency in tree.Keys)
        {
            foreach (var subtree in new[] { false, true })
            {
                var members = subtree ? Subtree(agency).ToHashSet() : [agency];
                var facts = members.SelectMany(m => byAgency[m]).Select(e => e.Fact).ToList();
                foreach (var period in new[] { MonevPeriod.Month, MonevPeriod.Year })
                {
                    var report = await grains.GetGrain<IAgencyGrain>(agency).GetMonev(new MonevQuery(period, from, to), subtree);
                    Assert.NotNull(report);
                    foreach (var bucket in report.Buckets)
                    {
                        var end = MonevFacts.NextPeriod(bucket.Start, period);
                        var inBucket = facts.Where(f =>
                        {
                            var day = MonevFacts.Day(f);
                            return day >= bucket.Start && day < end && day >= from && day <= to;
                        }).ToList();
                        var expected = Indicators.BruteForce(inBucket);
                        var actual = Indicators.From(bucket.Figures);
                        Assert.True(expected == actual, $"{agency} subtree={subtree} {bucket.Key}:\n expected {expected}\n actual   {actual}");
                        compared++;
                    }
                }
            }
        }

        Assert.True(compared > 0);
    }

    private static IEnumerable<string> Ancestors(IReadOnlyDictionary<string, string?> tree, string id)
    {
        for (string? at = id; at is not null; at = tree.GetValueOrDefault(at))
        {
            yield return at;
        }
    }

    public static ReportData Report(Random random, string? target, string id) => new()
    {
        Kind = (ReportKind)random.Next(3),
        Title = "Laporan " + id,
        Body = "Isi laporan untuk pengujian monev.",
        IncidentDate = new DateOnly(2026, 4, 1),
        Location = new Location("35.73", null, null, null),
        Category = Categories[random.Next(Categories.Length)],
        Channel = (Channel)random.Next(6),
        // Mostly rahasia: a public report rewrites the single public-feed grain (2,000 items) on every change, which
        // would dominate a generated year's run time; monev counts both kinds the same way.
        Confidential = random.NextDouble() < 0.85,
        TargetAgencyId = target,
    };

    public static readonly string[] Categories =
        ["infrastruktur", "kesehatan", "pendidikan", "administrasi-kependudukan", "lingkungan-hidup", "perhubungan", "sosial", "perizinan"];

    public static ImmutableArray<string> Units(string suffix) =>
        [.. UnitNames.Select(u => $"{u}-{suffix}")];

    private static readonly string[] UnitNames =
        ["dinkes", "dispendik", "dpupr", "dishub", "dlh", "dispendukcapil", "dinsos", "dpmptsp", "bapenda", "satpolpp"];
}
