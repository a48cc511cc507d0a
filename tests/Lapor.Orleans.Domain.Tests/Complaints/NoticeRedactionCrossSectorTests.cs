using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;
using static Lapor.Domain.Tests.TestData;

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

public class RedactionTests
{
    private static Scenario Published(bool anonymous = false, bool confidential = false)
    {
        var sc = new Scenario();
        sc.Submit(anonymous: anonymous, confidential: confidential);
        sc.Ok(new HoldAction("Foto?"), Actors.Admin(AgencyTree.KotaMalang));
        sc.Ok(new SupplyInformationAction("Foto terlampir."), Actor.Reporter);
        sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.Admin(AgencyTree.KotaMalang));
        sc.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang));
        sc.Ok(new FollowUpAction("Ditinjau."), Actors.Officer(AgencyTree.Dishub));
        sc.Tick(sc.Primary.Track.Clock!.Warn50At!.Value);
        return sc;
    }

    public static TheoryData<ComplaintStatus> Unpublished() =>
        [ComplaintStatus.Submitted, ComplaintStatus.OnHold, ComplaintStatus.Bounced, ComplaintStatus.Archived];

    public static TheoryData<ComplaintStatus> PublishedStatuses() =>
        [ComplaintStatus.Routed, ComplaintStatus.InProgress, ComplaintStatus.Resolved, ComplaintStatus.Closed];

    [Theory]
    [MemberData(nameof(Unpublished))]
    public void Public_sees_nothing_of_an_unpublished_complaint(ComplaintStatus status)
    {
        var sc = Scenario.InStatus(status);

        Assert.Null(ComplaintProjections.View(sc.State, Viewer.Public));
        Assert.Null(ComplaintProjections.PublicSummaryOf(sc.State, sc.Now));
        Assert.NotNull(ComplaintProjections.View(sc.State, Viewer.Reporter));
    }

    [Theory]
    [MemberData(nameof(PublishedStatuses))]
    public void Public_sees_nothing_of_a_confidential_complaint_in_any_status(ComplaintStatus status)
    {
        var sc = Scenario.InStatus(status);
        sc.State.Confidential = true;

        Assert.Null(ComplaintProjections.View(sc.State, Viewer.Public));
        Assert.NotNull(ComplaintProjections.View(sc.State, new Viewer(ViewerKind.Staff, Actors.Admin(AgencyTree.KotaMalang))));
    }

    [Theory]
    [MemberData(nameof(PublishedStatuses))]
    public void Public_view_has_no_contact_no_coordinates_only_public_entries_and_agencies_instead_of_staff(ComplaintStatus status)
    {
        var sc = Scenario.InStatus(status);

        var view = ComplaintProjections.View(sc.State, Viewer.Public)!;

        Assert.Null(view.Reporter);
        Assert.Null(view.Location!.Latitude);
        Assert.Null(view.Location.Longitude);
        Assert.Equal("35.73", view.Location.RegionCode);
        Assert.All(view.Timeline, e => Assert.Equal(EntryVisibility.Public, e.Visibility));
        Assert.Equal(sc.State.Timeline.Count(e => e.Visibility == EntryVisibility.Public), view.Timeline.Length);
        Assert.All(view.Timeline.Where(e => e.ActorRole is not (ActorRole.Reporter or ActorRole.System)),
            e => Assert.Equal(e.ActorAgencyId, e.ActorId));
        Assert.DoesNotContain(view.Timeline, e => e.ActorId.StartsWith("admin-", StringComparison.Ordinal) || e.ActorId.StartsWith("petugas-", StringComparison.Ordinal));
    }

    [Fact]
    public void Public_view_hides_internal_and_reporter_only_entries_that_staff_see()
    {
        var sc = Published();

        var pub = ComplaintProjections.View(sc.State, Viewer.Public)!;
        var reporter = ComplaintProjections.View(sc.State, Viewer.Reporter)!;
        var staff = ComplaintProjections.View(sc.State, new Viewer(ViewerKind.Staff, Actors.Officer(AgencyTree.Dishub)))!;

        Assert.DoesNotContain(pub.Timeline, e => e.Action is "held" or "information-supplied" or "warning-50");
        Assert.Contains(reporter.Timeline, e => e.Action == "held");
        Assert.DoesNotContain(reporter.Timeline, e => e.Action == "warning-50");
        Assert.Contains(staff.Timeline, e => e.Action == "warning-50");
        Assert.Equal(sc.State.Timeline, staff.Timeline);
        Assert.Contains(staff.Timeline, e => e.ActorId == "petugas-malang-dishub");
        Assert.Contains(reporter.Timeline, e => e.ActorRole == ActorRole.Officer && e.ActorId == AgencyTree.Dishub);
    }

    [Theory]
    [InlineData(ViewerKind.Staff)]
    [InlineData(ViewerKind.Overseer)]
    public void Staff_and_overseers_never_see_an_anonymous_reporters_contact(ViewerKind kind)
    {
        var viewer = new Viewer(kind, kind == ViewerKind.Staff ? Actors.Admin(AgencyTree.KotaMalang) : Actors.Overseer);

        Assert.Null(ComplaintProjections.View(Published(anonymous: true).State, viewer)!.Reporter);
        Assert.Equal(Scenario.Contact, ComplaintProjections.View(Published().State, viewer)!.Reporter);
        Assert.NotNull(ComplaintProjections.View(Published().State, viewer)!.Location!.Latitude);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_reporter_sees_their_own_contact_even_when_anonymous(bool anonymous)
    {
        var view = ComplaintProjections.View(Published(anonymous).State, Viewer.Reporter)!;

        Assert.Equal(Scenario.Contact, view.Reporter);
        Assert.Equal(anonymous, view.Anonymous);
    }

    [Fact]
    public void Admins_may_make_a_report_anonymous_and_confidential_at_routing()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Submitted);

        sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang, anonymous: true, confidential: true), Actors.NationalAdmin);

        Assert.True(sc.State.Anonymous);
        Assert.True(sc.State.Confidential);
        Assert.Null(ComplaintProjections.View(sc.State, Viewer.Public));
        Assert.Null(ComplaintProjections.View(sc.State, new Viewer(ViewerKind.Staff, Actors.Admin(AgencyTree.KotaMalang)))!.Reporter);
        Assert.Null(sc.State.PendingPublication);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Admins_may_not_lift_anonymity_or_confidentiality_at_routing(bool anonymous, bool confidential)
    {
        var sc = new Scenario();
        sc.Submit(anonymous: anonymous, confidential: confidential);
        var before = sc.Snapshot();

        var outcome = sc.Do(Scenario.RouteTo(AgencyTree.KotaMalang, anonymous: anonymous ? false : null, confidential: confidential ? false : null),
            Actors.NationalAdmin);

        Assert.Equal(RejectionKind.InvalidInput, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Flags_set_at_first_routing_cannot_be_lifted_when_re_routing_a_bounced_report()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Submitted);
        sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang, anonymous: true, confidential: true), Actors.NationalAdmin);
        sc.Ok(new NotOurAuthorityAction("Bukan wewenang."), Actors.Admin(AgencyTree.KotaMalang));
        var before = sc.Snapshot();

        Assert.Equal(RejectionKind.InvalidInput, sc.Do(Scenario.RouteTo(AgencyTree.Kemenkes, anonymous: false), Actors.NationalAdmin).Rejection?.Kind);
        Assert.Equal(RejectionKind.InvalidInput, sc.Do(Scenario.RouteTo(AgencyTree.Kemenkes, confidential: false), Actors.NationalAdmin).Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }
}

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

public class TimelineTests
{
    [Fact]
    public void A_whole_life_only_ever_appends_entries_with_increasing_sequence_and_chained_statuses()
    {
        var sc = new Scenario();
        sc.Submit();
        var steps = new List<Action>
        {
            () => sc.Ok(new HoldAction("Foto?"), Actors.NationalAdmin),
            () => sc.Ok(new SupplyInformationAction("Foto."), Actor.Reporter),
            () => sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.Admin(AgencyTree.KotaMalang)),
            () => sc.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang)),
            () => sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, null), Actors.NationalAdmin),
            () => sc.Tick(sc.NextAlarm!.Value),
            () => sc.Tick(sc.NextAlarm!.Value),
            () => sc.Ok(new FollowUpAction("Ditinjau."), Actors.Officer(AgencyTree.Dishub)),
            () => sc.Ok(new ReplyAction("Terima kasih."), Actor.Reporter),
            () => sc.Ok(new ResolveAction("Selesai."), Actors.Officer(AgencyTree.Dishub)),
            () => sc.Ok(new ReplyAction("Belum."), Actor.Reporter),
            () => sc.Ok(new ResolveAction("Selesai lagi."), Actors.Officer(AgencyTree.Dishub)),
            () => sc.Tick(sc.State.Intake!.Clock!.DueAt),
            () => sc.Ok(new RateAction(4, null), Actor.Reporter),
            () => sc.Ok(new ReopenAction("Rusak lagi."), Actor.Reporter),
        };

        foreach (var step in steps)
        {
            var earlier = sc.State.Timeline.ToList();
            var status = sc.State.Status;
            var version = sc.State.Version;

            step();

            Assert.Equal(version + 1, sc.State.Version);
            Assert.True(sc.State.Timeline.Count > earlier.Count);
            Assert.Equal(earlier, sc.State.Timeline.Take(earlier.Count));
            var from = status;
            foreach (var e in sc.State.Timeline.Skip(earlier.Count))
            {
                Assert.Equal(from, e.From);
                Assert.Equal(sc.Now, e.At);
                from = e.To;
            }

            Assert.Equal(sc.State.Status, from);
        }

        Assert.Equal(Enumerable.Range(1, sc.State.Timeline.Count), sc.State.Timeline.Select(e => e.Sequence));
        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.Contains(sc.State.Timeline, e => e.Action == "auto-closed" && e.ActorRole == ActorRole.System);
    }
}
