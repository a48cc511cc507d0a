using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;
using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Complaints;

public class CrossSectorTests
{
    private static Scenario WithRelated()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, "Aspek kesehatan."), Actors.Admin(AgencyTree.KotaMalang), sc.Now.AddDays(3));
        return sc;
    }

    [Fact]
    public void A_related_agency_gets_its_own_first_response_clock_and_inbox_line()
    {
        var sc = WithRelated();

        var related = sc.AssignmentOf(AgencyTree.Kemenkes);
        Assert.False(related.Primary);
        var clock = related.Track.Clock!;
        Assert.Equal(DeadlineStep.FirstResponse, clock.Step);
        Assert.Equal(sc.Now, clock.StartedAt);
        Assert.Equal(Deadlines.Due(SlaLimit.WorkingDays(5), sc.Now, AgencyZone.Wib, Cal), clock.DueAt);
        Assert.NotEqual(sc.Primary.Track.Clock!.DueAt, clock.DueAt);
        Assert.Equal(InboxRole.Related, ComplaintProjections.Inbox(sc.State, sc.Now)[AgencyTree.Kemenkes].Role);
        var notice = Assert.Single(sc.State.Outbox, e => e.AgencyId == AgencyTree.Kemenkes);
        Assert.Equal(1, notice.Notice.Counters.Received);
    }

    [Fact]
    public void Adding_the_same_related_agency_twice_is_refused()
    {
        var sc = WithRelated();
        var before = sc.Snapshot();

        var outcome = sc.Do(new AddRelatedAgencyAction(AgencyTree.Kemenkes, null), Actors.NationalAdmin);

        Assert.Equal(RejectionKind.InvalidState, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void The_related_agency_resolving_does_not_resolve_the_report_but_the_primary_does()
    {
        var sc = WithRelated();
        sc.Ok(new FollowUpAction("Ditinjau."), Actors.Officer(AgencyTree.KotaMalang));

        sc.Ok(new ResolveAction("Puskesmas sudah ditangani."), Actors.Officer(AgencyTree.Kemenkes));

        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.NotNull(sc.AssignmentOf(AgencyTree.Kemenkes).ResolvedAt);
        Assert.Null(sc.Primary.ResolvedAt);
        Assert.NotNull(sc.Primary.Track.Clock);
        Assert.Equal(RejectionKind.InvalidState,
            sc.Do(new ResolveAction("lagi"), Actors.Officer(AgencyTree.Kemenkes)).Rejection?.Kind);

        sc.Ok(new ResolveAction("Jalan sudah ditambal."), Actors.Officer(AgencyTree.KotaMalang));

        Assert.Equal(ComplaintStatus.Resolved, sc.State.Status);
        Assert.Equal(DeadlineStep.AutoClose, sc.State.Intake!.Clock!.Step);
    }

    [Fact]
    public void A_related_agency_follow_up_does_not_move_the_report_into_progress()
    {
        var sc = WithRelated();

        sc.Ok(new FollowUpAction("Kami pantau."), Actors.Officer(AgencyTree.Kemenkes));

        Assert.Equal(ComplaintStatus.Routed, sc.State.Status);
        Assert.NotNull(sc.AssignmentOf(AgencyTree.Kemenkes).FirstResponseAt);
        Assert.Null(sc.Primary.FirstResponseAt);
        Assert.Equal(DeadlineStep.Resolution, sc.AssignmentOf(AgencyTree.Kemenkes).Track.Clock!.Step);
    }

    [Fact]
    public void A_related_agency_declining_only_removes_its_copy()
    {
        var sc = WithRelated();

        sc.Ok(new NotOurAuthorityAction("Bukan urusan kesehatan."), Actors.Admin(AgencyTree.Kemenkes));

        Assert.Equal(ComplaintStatus.Routed, sc.State.Status);
        Assert.Single(sc.State.Assignments);
        Assert.Null(Assert.Single(sc.State.Outbox.Skip(sc.State.Outbox.Count - 1)).Notice.Item);
    }

    [Fact]
    public void The_related_agencys_missed_deadline_escalates_along_its_own_chain()
    {
        var sc = WithRelated();
        var related = sc.AssignmentOf(AgencyTree.Kemenkes);
        var outbox = sc.State.Outbox.Count;

        sc.Tick(related.Track.Clock!.DueAt);

        Assert.Equal(AgencyTree.Nasional, related.Track.Holder.AgencyId);
        Assert.Contains(sc.State.Outbox.Skip(outbox), e => e.AgencyId == AgencyTree.Nasional && e.Notice.Escalation?.FromAgencyId == AgencyTree.Kemenkes);
    }
}
