using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Tests.Monev;

/// <summary>Many complaints of one unit changing at the same instant: no count is lost at any level.</summary>
[Collection(MonevCollection.Name)]
public sealed class MonevConcurrencyTests(MonevClusterFixture fixture) : EngineTestBase(fixture)
{
    private const int Complaints = 120;

    [Fact]
    public async Task Concurrent_changes_of_one_agency_lose_no_count()
    {
        var suffix = NewSuffix()[..6];
        var city = "kota-c-" + suffix;
        var unit = "unit-c-" + suffix;
        Assert.Null(await Agency(city).Define(new AgencyProfile(city, "Kota " + suffix, AgencyLevel.RegencyCity, AgencyIds.National, AgencyZone.Wib, new SlaPolicy())));
        Assert.Null(await Agency(unit).Define(new AgencyProfile(unit, "Unit " + suffix, AgencyLevel.Unit, city, AgencyZone.Wib, new SlaPolicy())));
        var ids = Enumerable.Range(0, Complaints).Select(i => $"LPR-C{suffix.ToUpperInvariant()}{i:D3}").ToArray();
        foreach (var id in ids)
        {
            fixture.Complaints.Add(id);
        }

        var random = new Random(7);
        var reports = ids.Select(id => MonevCheck.Report(random, city, id)).ToArray();
        await Task.WhenAll(ids.Select((id, i) => Complaint(id).Submit(new SubmitComplaint(reports[i], null, "req-" + id, new string('c', 64)))));
        await Task.WhenAll(ids.Select(id => ExecuteAsync(id, new RouteAction(city, ResolutionClass.Light, null, null, null), AdminOf(city))));
        await Task.WhenAll(ids.Select(id => ExecuteAsync(id, new RouteToUnitAction(unit, null), AdminOf(city))));
        await Task.WhenAll(ids.Select(id => ExecuteAsync(id, new FollowUpAction("Ditinjau."), OfficerOf(unit))));
        await Task.WhenAll(ids.Select(id => ExecuteAsync(id, new ResolveAction("Selesai."), OfficerOf(unit))));

        var today = Lapor.Domain.Calendar.IndonesianZones.LocalDate(Now, AgencyZone.Wib);
        var query = new MonevQuery(MonevPeriod.Day, today, today);
        var own = (await Agency(unit).GetMonev(query, subtree: false))!.Buckets.Single().Figures;
        Assert.Equal(Complaints, own.Received);
        Assert.Equal(Complaints, own.Assigned);
        Assert.Equal(Complaints, own.FollowedUp);
        Assert.Equal(Complaints, own.Resolved);
        Assert.Equal(Complaints, own.FirstResponseMinutes.Count);
        var subtree = (await Agency(city).GetMonev(query, subtree: true))!.Buckets.Single().Figures;
        Assert.Equal(2 * Complaints, subtree.Received); // the city on submission, the unit when routed to it
        Assert.Equal(2 * Complaints, subtree.FollowedUp);
        Assert.Equal(Complaints, subtree.Routed);
        Assert.Equal(Complaints, subtree.Categories.Values.Sum() / 2);

        var journal = await MonevCheck.JournalsAsync(Grains, ids);
        var tree = new Dictionary<string, string?> { [city] = null, [unit] = city };
        await MonevCheck.AssertAllAsync(Grains, tree, journal, today, today);
    }
}
