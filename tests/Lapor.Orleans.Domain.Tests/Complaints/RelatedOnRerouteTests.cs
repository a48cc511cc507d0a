using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>The primary says "bukan wewenang" while a related agency holds a copy; the re-routing admin decides.</summary>
public class RelatedOnRerouteTests
{
    /// <summary>Routed to kota-malang with a copy to kemenkes, then bounced by kota-malang.</summary>
    private static Scenario BouncedWithCopy()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, "Aspek kesehatan."), Actors.NationalAdmin);
        sc.Ok(new NotOurAuthorityAction("Jalan provinsi."), Actors.Admin(AgencyTree.KotaMalang));
        Assert.Equal(ComplaintStatus.Bounced, sc.State.Status);
        return sc;
    }

    private static RouteAction RouteToProvince(RelatedOnReroute? related) =>
        new(AgencyTree.ProvJatim, ResolutionClass.Normative, null, null, null, related);

    [Fact]
    public void Re_routing_a_bounced_complaint_with_related_copies_needs_a_decision_naming_the_field()
    {
        var sc = BouncedWithCopy();
        var before = sc.Snapshot();

        var outcome = sc.Do(RouteToProvince(null), Actors.NationalAdmin);

        Assert.Equal((RejectionKind.InvalidInput, "relatedAssignments"), (outcome.Rejection?.Kind, outcome.Rejection?.Field));
        Assert.Equal(before, sc.Snapshot());
        Assert.Equal(RejectionKind.InvalidInput, sc.Do(RouteToProvince((RelatedOnReroute)7), Actors.NationalAdmin).Rejection?.Kind);
    }

    [Fact]
    public void Stop_ends_the_related_copies_drops_them_from_the_related_inbox_and_the_timeline_says_so()
    {
        var sc = BouncedWithCopy();
        var outbox = sc.State.Outbox.Count;

        sc.Ok(RouteToProvince(RelatedOnReroute.Stop), Actors.NationalAdmin);

        var primary = Assert.Single(sc.State.Assignments);
        Assert.Equal(AgencyTree.ProvJatim, primary.AgencyId);
        var entry = sc.State.Timeline[^1];
        Assert.Equal(("related-stopped", ComplaintStatus.Routed, ComplaintStatus.Routed), (entry.Action, entry.From, entry.To));
        Assert.Equal(Actors.NationalAdmin.Id, entry.ActorId);
        Assert.Contains("kemenkes", entry.Message, StringComparison.Ordinal);
        Assert.Contains("dihentikan", entry.Message, StringComparison.Ordinal);
        Assert.Contains(sc.State.Outbox.Skip(outbox), e => e.AgencyId == AgencyTree.Kemenkes && e.Notice.Item is null);
    }

    [Fact]
    public void Continue_keeps_the_related_copies_running_on_their_own_deadlines_and_the_timeline_says_so()
    {
        var sc = BouncedWithCopy();
        var copyClock = sc.AssignmentOf(AgencyTree.Kemenkes).Track.Clock;

        sc.Ok(RouteToProvince(RelatedOnReroute.Continue), Actors.NationalAdmin);

        Assert.Equal([AgencyTree.ProvJatim, AgencyTree.Kemenkes], sc.State.Assignments.Select(x => x.AgencyId));
        Assert.Same(copyClock, sc.AssignmentOf(AgencyTree.Kemenkes).Track.Clock);
        var entry = sc.State.Timeline[^1];
        Assert.Equal("related-continued", entry.Action);
        Assert.Contains("tetap berjalan", entry.Message, StringComparison.Ordinal);
        Assert.Contains(AgencyTree.Kemenkes, ComplaintProjections.Inbox(sc.State, sc.Now).Keys);
    }

    [Fact]
    public void Without_related_copies_re_routing_needs_no_decision_and_adds_no_line()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Bounced);

        sc.Ok(RouteToProvince(null), Actors.NationalAdmin);

        Assert.Equal("routed", sc.State.Timeline[^1].Action);
    }
}
