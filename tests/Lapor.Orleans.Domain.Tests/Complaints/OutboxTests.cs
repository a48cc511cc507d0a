using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

public class OutboxTests
{
    [Fact]
    public void Submit_queues_a_received_notice_with_an_inbox_item_to_the_verifier()
    {
        var sc = new Scenario();
        sc.Submit(null);

        var entry = Assert.Single(sc.State.Outbox);
        Assert.Equal(AgencyTree.Nasional, entry.AgencyId);
        Assert.Equal(1, entry.Notice.Version);
        Assert.Equal(AgencyCounters.Zero with { Received = 1 }, entry.Notice.Counters);
        Assert.Equal(InboxRole.Verification, entry.Notice.Item?.Role);
        Assert.Equal(sc.State.Intake!.Clock!.DueAt, entry.Notice.Item?.DueAt);
        Assert.Null(sc.State.PendingPublication);
    }

    [Fact]
    public void Route_removes_the_line_from_the_verifier_and_gives_the_target_an_item_and_received()
    {
        var sc = new Scenario();
        sc.Submit(null);

        sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.NationalAdmin);

        var added = sc.State.Outbox.Skip(1).ToDictionary(e => e.AgencyId, e => e.Notice);
        Assert.Equal([AgencyTree.KotaMalang, AgencyTree.Nasional], added.Keys.Order(StringComparer.Ordinal));
        Assert.Null(added[AgencyTree.Nasional].Item);
        Assert.Equal(AgencyCounters.Zero, added[AgencyTree.Nasional].Counters);
        Assert.Equal(InboxRole.Primary, added[AgencyTree.KotaMalang].Item?.Role);
        Assert.Equal(DeadlineStep.FirstResponse, added[AgencyTree.KotaMalang].Item?.Step);
        Assert.Equal(AgencyCounters.Zero with { Received = 1 }, added[AgencyTree.KotaMalang].Counters);
        Assert.All(added.Values, n => Assert.Equal(2, n.Version));
        Assert.Equal(2, sc.State.PendingPublication?.Version);
        Assert.Equal(AgencyTree.KotaMalang, sc.State.PendingPublication?.Summary?.AgencyId);
    }

    [Fact]
    public void Route_to_unit_puts_the_line_in_the_unit_and_keeps_it_in_the_agency()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        var outbox = sc.State.Outbox.Count;

        sc.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang));

        var entry = Assert.Single(sc.State.Outbox.Skip(outbox));
        Assert.Equal(AgencyTree.Dishub, entry.AgencyId);
        Assert.Equal(InboxRole.Primary, entry.Notice.Item?.Role);
        Assert.Equal(1, entry.Notice.Counters.Received);
        Assert.Equal([AgencyTree.KotaMalang, AgencyTree.Dishub],
            ComplaintProjections.Inbox(sc.State, sc.Now).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Archive_removes_every_inbox_line_including_an_escalated_holder()
    {
        var sc = new Scenario();
        sc.Submit();
        sc.Tick(sc.State.Intake!.Clock!.DueAt);
        Assert.Equal([AgencyTree.KotaMalang, AgencyTree.ProvJatim],
            ComplaintProjections.Inbox(sc.State, sc.Now).Keys.Order(StringComparer.Ordinal));
        var outbox = sc.State.Outbox.Count;

        sc.Ok(new ArchiveAction("Duplikat."), Actors.Admin(AgencyTree.ProvJatim));

        var added = sc.State.Outbox.Skip(outbox).ToList();
        Assert.Equal([AgencyTree.KotaMalang, AgencyTree.ProvJatim], added.Select(e => e.AgencyId));
        Assert.All(added, e => Assert.Null(e.Notice.Item));
        Assert.All(added, e => Assert.Equal(sc.State.Version, e.Notice.Version));
        Assert.Empty(ComplaintProjections.Inbox(sc.State, sc.Now));
    }

    [Fact]
    public void Escalation_queues_an_escalation_record_for_the_new_holder_only()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        var due = sc.Primary.Track.Clock!.DueAt;
        var outbox = sc.State.Outbox.Count;

        sc.Tick(due);

        var withEscalation = Assert.Single(sc.State.Outbox.Skip(outbox), e => e.Notice.Escalation is not null);
        Assert.Equal(AgencyTree.ProvJatim, withEscalation.AgencyId);
        Assert.Equal(AgencyTree.KotaMalang, withEscalation.Notice.Escalation!.FromAgencyId);
        Assert.Equal(DeadlineStep.FirstResponse, withEscalation.Notice.Escalation.Step);
        Assert.Equal(1, withEscalation.Notice.Counters.Escalated);
        var breached = Assert.Single(sc.State.Outbox.Skip(outbox), e => e.AgencyId == AgencyTree.KotaMalang);
        Assert.Equal(1, breached.Notice.Counters.Breached);
        Assert.All(sc.State.Outbox.Skip(outbox), e => Assert.Equal(sc.State.Version, e.Notice.Version));
    }
}
