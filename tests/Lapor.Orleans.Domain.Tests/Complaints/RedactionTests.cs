using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

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
