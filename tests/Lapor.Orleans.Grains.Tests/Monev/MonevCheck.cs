using System.Collections.Concurrent;
using System.Collections.Immutable;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Lapor.Grains.Complaints;

namespace Lapor.Grains.Tests.Monev;

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
