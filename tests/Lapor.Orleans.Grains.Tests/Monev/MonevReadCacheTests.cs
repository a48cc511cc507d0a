using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Tests.Monev;

/// <summary>
/// Reads racing writes: agencies keep the reports and month rows they served until their next write, and a write
/// publishes the rows it changed. Whatever interleaves, once the writes stop every read equals the brute-force sum.
/// </summary>
[Collection(MonevCollection.Name)]
public sealed class MonevReadCacheTests(MonevClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task Reads_during_a_stream_of_changes_leave_no_stale_figures_behind()
    {
        var sfx = NewSuffix()[..6];
        var city = "kota-r-" + sfx;
        var unit = "unit-r-" + sfx;
        Assert.Null(await Agency(city).Define(new AgencyProfile(city, "Kota " + sfx, AgencyLevel.RegencyCity, AgencyIds.National, AgencyZone.Wita, new SlaPolicy())));
        Assert.Null(await Agency(unit).Define(new AgencyProfile(unit, "Unit " + sfx, AgencyLevel.Unit, city, AgencyZone.Wita, new SlaPolicy())));
        var year = new MonevQuery(MonevPeriod.Month, DateOnly.FromDateTime(Now.UtcDateTime).AddMonths(-11), DateOnly.FromDateTime(Now.UtcDateTime));
        var nationalBefore = (await Agency(AgencyIds.National).GetMonev(year, subtree: true))!.Buckets.Sum(b => b.Figures.Received);

        var random = new Random(21);
        var facts = new List<MonevJournalEntry>();
        var notices = new List<(string Agency, ComplaintNotice Notice)>();
        for (var i = 0; i < 300; i++)
        {
            var agency = random.Next(3) == 0 ? city : unit;
            var at = Now.AddDays(-2 - random.Next(320)).AddMinutes(random.Next(1440));
            var elapsed = random.Next(8_000);
            ImmutableArray<MonevFact> f =
            [
                new MonevFact(MonevFactKind.Received, at, AgencyZone.Wita) { Category = MonevCheck.Categories[random.Next(8)] },
                new MonevFact(MonevFactKind.Resolved, at.AddHours(3), AgencyZone.Wita) { Since = at, ElapsedMinutes = elapsed, WorkingMinutes = elapsed / 4 },
            ];
            notices.Add((agency, new ComplaintNotice($"LPR-R{sfx.ToUpperInvariant()}{i:D4}", 1, null, new AgencyCounters(1, 0, 1, 0, 0), null) { Facts = f }));
            facts.AddRange(f.Select(x => new MonevJournalEntry(agency, 1, x)));
        }

        using var stop = new CancellationTokenSource();
        var reads = 0;
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var target = r % 2 == 0 ? city : AgencyIds.National;
                var query = r < 2 ? year : year with { Period = MonevPeriod.Year };
                _ = await Agency(target).GetMonev(query, subtree: true);
                _ = await Agency(unit).GetMonev(query, subtree: r % 2 == 1);
                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        foreach (var batch in notices.Chunk(7))
        {
            await Task.WhenAll(batch.Select(n => Agency(n.Agency).Notify(n.Notice)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(reads > 10, $"{reads} reads");

        var tree = new Dictionary<string, string?> { [city] = null, [unit] = city };
        await MonevCheck.AssertAllAsync(Grains, tree, facts, year.From, year.To);
        var nationalAfter = (await Agency(AgencyIds.National).GetMonev(year, subtree: true))!.Buckets.Sum(b => b.Figures.Received);
        Assert.Equal(nationalBefore + facts.Count(f => f.Fact.Kind == MonevFactKind.Received && MonevFacts.Day(f.Fact) >= year.From), nationalAfter);
        await Grains.GetGrain<Lapor.Grains.Monev.IMonevRebuildGrain>(unit).Run();
        await Grains.GetGrain<Lapor.Grains.Monev.IMonevRebuildGrain>(city).Run();
    }

    [Fact]
    public async Task A_ranking_row_is_the_profile_with_the_subtree_report_and_an_unknown_agency_has_none()
    {
        var sfx = NewSuffix()[..6];
        var city = "kota-k-" + sfx;
        var unit = "unit-k-" + sfx;
        var profile = new AgencyProfile(city, "Kota " + sfx, AgencyLevel.RegencyCity, AgencyIds.National, AgencyZone.Wit, new SlaPolicy());
        Assert.Null(await Agency(city).Define(profile));
        Assert.Null(await Agency(unit).Define(new AgencyProfile(unit, "Unit " + sfx, AgencyLevel.Unit, city, AgencyZone.Wit, new SlaPolicy())));
        ImmutableArray<MonevFact> facts = [new MonevFact(MonevFactKind.Received, Now.AddDays(-3), AgencyZone.Wit) { Category = MonevCheck.Categories[0] }];
        await Agency(unit).Notify(new ComplaintNotice($"LPR-K{sfx.ToUpperInvariant()}0001", 1, null, new AgencyCounters(1, 0, 1, 0, 0), null) { Facts = facts });
        var year = new MonevQuery(MonevPeriod.Year, DateOnly.FromDateTime(Now.UtcDateTime.AddYears(-1)), DateOnly.FromDateTime(Now.UtcDateTime));

        var row = await Agency(city).GetMonevRow(year);

        Assert.NotNull(row);
        Assert.Equal(profile, row.Profile);
        Assert.True(row.Report.Subtree);
        Assert.Equal(2, row.Report.Agencies);
        Assert.Equal(1, row.Report.Buckets.Sum(b => b.Figures.Received));
        Assert.Equivalent(await Agency(city).GetMonev(year, subtree: true), row.Report, strict: true);
        Assert.Null(await Agency("tidak-ada-" + sfx).GetMonevRow(year));
    }
}
