using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Domain.Tests.Complaints;

namespace Lapor.Domain.Tests.Monev;

/// <summary>Pure: the monev facts the machine journals for a scripted timeline, measured in working time.</summary>
public sealed class MonevFactTests
{
    [Fact]
    public void A_timeline_over_a_weekend_and_the_Nyepi_Idulfitri_holidays_yields_exact_facts()
    {
        var wib = TimeSpan.FromHours(7);
        var s = new Scenario();
        Assert.True(s.Submit().Changed); // Friday 13 March 2026, 10:00 WIB, to Kota Malang
        s.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.Admin(AgencyTree.KotaMalang), new DateTimeOffset(2026, 3, 13, 11, 0, 0, wib));
        s.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang), new DateTimeOffset(2026, 3, 13, 12, 0, 0, wib));
        s.Ok(new FollowUpAction("Ditinjau."), Actors.Officer(AgencyTree.Dishub), new DateTimeOffset(2026, 3, 16, 10, 0, 0, wib));
        var resolvedAt = new DateTimeOffset(2026, 3, 25, 10, 0, 0, wib);
        s.Ok(new ResolveAction("Selesai."), Actors.Officer(AgencyTree.Dishub), resolvedAt);

        var journal = s.State.MonevJournal;
        MonevFact Single(string agency, MonevFactKind kind) => Assert.Single(journal, e => e.AgencyId == agency && e.Fact.Kind == kind).Fact;

        var received = Single(AgencyTree.KotaMalang, MonevFactKind.Received);
        Assert.Equal(Channel.Web, received.Channel);
        Assert.Equal(1, Assert.Single(journal, e => e.Fact.Kind == MonevFactKind.Received && e.AgencyId == AgencyTree.KotaMalang).Version);
        Assert.True(Single(AgencyTree.KotaMalang, MonevFactKind.Routed).WithinSla);
        Assert.Single(journal, e => e.AgencyId == AgencyTree.Dishub && e.Fact.Kind == MonevFactKind.Received);

        // Routed Friday 11:00, first response Monday 10:00: 71 hours; working time Friday 13 h + Monday 10 h.
        foreach (var agency in new[] { AgencyTree.KotaMalang, AgencyTree.Dishub })
        {
            var first = Single(agency, MonevFactKind.FirstResponse);
            Assert.Equal(71 * 60, first.ElapsedMinutes);
            Assert.Equal(23 * 60, first.WorkingMinutes);
            Assert.True(first.WithinSla);
        }

        // Resolution across Nyepi and Idulfitri (18–24 March): the holidays do not count.
        var resolved = Single(AgencyTree.Dishub, MonevFactKind.Resolved);
        Assert.Equal((int)(resolvedAt - new DateTimeOffset(2026, 3, 13, 11, 0, 0, wib)).TotalMinutes, resolved.ElapsedMinutes);
        Assert.Equal((int)TestData.Cal.WorkingTimeBetween(new DateTimeOffset(2026, 3, 13, 11, 0, 0, wib), resolvedAt, Lapor.Domain.Calendar.AgencyZone.Wib).TotalMinutes,
            resolved.WorkingMinutes);
        Assert.True(resolved.WorkingMinutes < resolved.ElapsedMinutes / 3);

        // Every notice carries exactly the journal entries of its version for its agency.
        Assert.All(s.State.Outbox, o => Assert.Equal(
            journal.Where(e => e.AgencyId == o.AgencyId && e.Version == o.Notice.Version).Select(e => e.Fact),
            o.Notice.Facts));
    }
}
