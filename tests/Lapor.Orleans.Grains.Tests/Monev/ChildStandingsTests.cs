using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Tests.Monev;

/// <summary>
/// The ranking's rows an agency keeps for its children: each one is the child's own subtree row, read again only when
/// that child hands up a change or its profile changes, and never left stale by a change racing a read.
/// </summary>
[Collection(MonevCollection.Name)]
public sealed class ChildStandingsTests(MonevClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task A_ranking_read_again_shows_a_change_below_a_child_a_renamed_child_and_a_new_one()
    {
        var (parent, a, b, unit) = await TreeAsync("s");
        var year = Year();
        var first = await Agency(parent).GetChildStandings(year);
        Assert.Equal([a, b], first.Select(r => r.Profile.Id));
        Assert.All(first, r => Assert.Equal(0, r.Total.Received));

        await Agency(unit).Notify(Notice(unit, 1));
        var renamed = new AgencyProfile(b, "Kota Baru " + b, AgencyLevel.RegencyCity, parent, AgencyZone.Wib, new SlaPolicy());
        Assert.Null(await Agency(b).Define(renamed));
        var c = "kota-c-" + parent[^6..];
        Assert.Null(await Agency(c).Define(new AgencyProfile(c, "Kota " + c, AgencyLevel.RegencyCity, parent, AgencyZone.Wib, new SlaPolicy())));

        var again = await Agency(parent).GetChildStandings(year);

        Assert.Equal([a, b, c], again.Select(r => r.Profile.Id));
        Assert.Equal(1, again[0].Total.Received);
        Assert.Equal(1, again[0].Backlog);
        Assert.Equal(renamed, again[1].Profile);
        await AssertEachRowIsTheChildsOwnAsync(parent, year);
    }

    [Fact]
    public async Task Rankings_read_during_a_stream_of_changes_end_equal_to_each_childs_own_row()
    {
        var (parent, a, b, unit) = await TreeAsync("t");
        var year = Year();
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var readers = Enumerable.Range(0, 3).Select(reader => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _ = await Agency(parent).GetChildStandings(year);
                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        var targets = new[] { unit, a, b };
        foreach (var batch in Enumerable.Range(1, 120).Chunk(6))
        {
            await Task.WhenAll(batch.Select(i => Agency(targets[i % 3]).Notify(Notice(targets[i % 3], i))));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(reads > 10, $"{reads} reads");
        var rows = await Agency(parent).GetChildStandings(year);
        Assert.Equal([80, 40], rows.Select(r => r.Total.Received));
        await AssertEachRowIsTheChildsOwnAsync(parent, year);
    }

    [Fact]
    public async Task An_unknown_agency_and_a_childless_one_have_no_rows()
    {
        var (_, _, _, unit) = await TreeAsync("u");
        Assert.Empty(await Agency("tidak-ada-" + NewSuffix()).GetChildStandings(Year()));
        Assert.Empty(await Agency(unit).GetChildStandings(Year()));
    }

    /// <summary>A province under the root with two cities, the first with a unit.</summary>
    private async Task<(string Parent, string A, string B, string Unit)> TreeAsync(string tag)
    {
        var sfx = tag + NewSuffix()[..6];
        var parent = "prov-" + sfx;
        var a = "kota-a-" + sfx;
        var b = "kota-b-" + sfx;
        var unit = "unit-" + sfx;
        Assert.Null(await Agency(parent).Define(new AgencyProfile(parent, "Provinsi " + sfx, AgencyLevel.Province, AgencyIds.National, AgencyZone.Wib, new SlaPolicy())));
        foreach (var city in new[] { a, b })
        {
            Assert.Null(await Agency(city).Define(new AgencyProfile(city, "Kota " + city, AgencyLevel.RegencyCity, parent, AgencyZone.Wib, new SlaPolicy())));
        }

        Assert.Null(await Agency(unit).Define(new AgencyProfile(unit, "Unit " + sfx, AgencyLevel.Unit, a, AgencyZone.Wib, new SlaPolicy())));
        return (parent, a, b, unit);
    }

    private MonevQuery Year() =>
        new(MonevPeriod.Year, DateOnly.FromDateTime(Now.UtcDateTime.AddYears(-1)), DateOnly.FromDateTime(Now.UtcDateTime));

    /// <summary>A complaint received three days ago and still in the agency's inbox.</summary>
    private ComplaintNotice Notice(string agency, int n)
    {
        var at = Now.AddDays(-3);
        ImmutableArray<MonevFact> facts = [new MonevFact(MonevFactKind.Received, at, AgencyZone.Wib) { Category = MonevCheck.Categories[n % 8] }];
        var code = $"LPR-{agency}-{n:D4}".ToUpperInvariant();
        var item = new InboxItem(code, ComplaintStatus.InProgress, InboxRole.Primary, "Laporan", "lainnya", null, null, false, at, at);
        return new ComplaintNotice(code, 1, item, new AgencyCounters(1, 0, 0, 0, 0), null) { Facts = facts };
    }

    private async Task AssertEachRowIsTheChildsOwnAsync(string parent, MonevQuery query)
    {
        foreach (var row in await Agency(parent).GetChildStandings(query))
        {
            var own = await Agency(row.Profile.Id).GetMonevRow(query);
            Assert.NotNull(own);
            Assert.Equal(own.Profile, row.Profile);
            Assert.Equivalent(MonevFacts.Total(own.Report), row.Total, strict: true);
            Assert.Equal(own.Report.Backlog.Total, row.Backlog);
        }
    }
}
