using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

public class ScopeAndRefusalTests
{
    private static Scenario RoutedToDishub()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        sc.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang));
        return sc;
    }

    private static ComplaintAction IntakeAction(string name) => name switch
    {
        "route" => Scenario.RouteTo(AgencyTree.KotaMalang),
        "hold" => new HoldAction("Lengkapi foto."),
        _ => new ArchiveAction("Duplikat."),
    };

    private static ComplaintAction AssignmentAction(string name) => name switch
    {
        "follow-up" => new FollowUpAction("Ditinjau."),
        "resolve" => new ResolveAction("Selesai."),
        "route-to-unit" => new RouteToUnitAction(AgencyTree.Dinkes, null),
        "add-related" => new AddRelatedAgencyAction(AgencyTree.Kemenkes, null),
        _ => new NotOurAuthorityAction("Bukan wewenang."),
    };

    private static ActorRole RoleFor(string name) => name is "follow-up" or "resolve" ? ActorRole.Officer : ActorRole.AgencyAdmin;

    [Theory]
    [InlineData("route", AgencyTree.ProvBali)]
    [InlineData("route", AgencyTree.Denpasar)]
    [InlineData("route", AgencyTree.Kemenkes)]
    [InlineData("route", AgencyTree.Dishub)]
    [InlineData("hold", AgencyTree.ProvBali)]
    [InlineData("hold", AgencyTree.Dinkes)]
    [InlineData("archive", AgencyTree.Denpasar)]
    [InlineData("archive", AgencyTree.Kemenkes)]
    public void Agency_admin_outside_the_verifiers_chain_is_forbidden_to_verify(string action, string agency)
    {
        var sc = Scenario.InStatus(ComplaintStatus.Submitted);
        var before = sc.Snapshot();

        var outcome = sc.Do(IntakeAction(action), Actors.Admin(agency));

        Assert.Equal(RejectionKind.Forbidden, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Theory]
    [InlineData("route", AgencyTree.KotaMalang)]
    [InlineData("route", AgencyTree.ProvJatim)]
    [InlineData("route", AgencyTree.Nasional)]
    [InlineData("hold", AgencyTree.KotaMalang)]
    [InlineData("hold", AgencyTree.ProvJatim)]
    [InlineData("archive", AgencyTree.KotaMalang)]
    [InlineData("archive", AgencyTree.ProvJatim)]
    public void Agency_admin_of_the_verifier_or_an_ancestor_may_verify(string action, string agency)
    {
        var sc = Scenario.InStatus(ComplaintStatus.Submitted);

        sc.Ok(IntakeAction(action), Actors.Admin(agency));
    }

    [Theory]
    [InlineData("follow-up", AgencyTree.Dinkes)]
    [InlineData("follow-up", AgencyTree.Denpasar)]
    [InlineData("resolve", AgencyTree.Dinkes)]
    [InlineData("resolve", AgencyTree.Kemenkes)]
    [InlineData("route-to-unit", AgencyTree.ProvBali)]
    [InlineData("route-to-unit", AgencyTree.Dinkes)]
    [InlineData("add-related", AgencyTree.Denpasar)]
    [InlineData("not-our-authority", AgencyTree.Kemenkes)]
    [InlineData("not-our-authority", AgencyTree.Dinkes)]
    public void Staff_outside_the_assignments_chain_are_forbidden(string action, string agency)
    {
        var sc = RoutedToDishub();
        var before = sc.Snapshot();

        var outcome = sc.Do(AssignmentAction(action), Actors.Of(RoleFor(action), agency));

        Assert.Equal(RejectionKind.Forbidden, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Theory]
    [InlineData("follow-up", AgencyTree.Dishub)]
    [InlineData("follow-up", AgencyTree.KotaMalang)]
    [InlineData("follow-up", AgencyTree.ProvJatim)]
    [InlineData("resolve", AgencyTree.Dishub)]
    [InlineData("resolve", AgencyTree.KotaMalang)]
    [InlineData("resolve", AgencyTree.Nasional)]
    [InlineData("route-to-unit", AgencyTree.KotaMalang)]
    [InlineData("route-to-unit", AgencyTree.ProvJatim)]
    [InlineData("add-related", AgencyTree.Dishub)]
    [InlineData("add-related", AgencyTree.ProvJatim)]
    [InlineData("not-our-authority", AgencyTree.Dishub)]
    [InlineData("not-our-authority", AgencyTree.KotaMalang)]
    public void Staff_of_the_unit_its_agency_or_an_ancestor_may_act(string action, string agency)
    {
        var sc = RoutedToDishub();

        sc.Ok(AssignmentAction(action), Actors.Of(RoleFor(action), agency));
    }

    [Theory]
    [InlineData("route")]
    [InlineData("hold")]
    [InlineData("archive")]
    [InlineData("route-to-unit")]
    [InlineData("add-related")]
    public void National_admin_may_act_anywhere_even_without_an_agency(string action)
    {
        var nationalWithoutAgency = new Actor("admin-nasional-2", ActorRole.NationalAdmin, null);
        var intake = action is "route" or "hold" or "archive";
        var sc = intake ? new Scenario() : RoutedToDishub();
        if (intake)
        {
            Assert.True(sc.Submit(AgencyTree.Denpasar).Changed);
        }

        sc.Ok(intake ? IntakeAction(action) : AssignmentAction(action), nationalWithoutAgency);
    }

    [Fact]
    public void Scope_lists_every_agency_on_each_chain_and_the_verifier()
    {
        var sc = RoutedToDishub();
        sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, null), Actors.NationalAdmin);

        var scope = ComplaintProjections.Scope(sc.State);

        Assert.Equal(
            [AgencyTree.Kemenkes, AgencyTree.KotaMalang, AgencyTree.Dishub, AgencyTree.Nasional, AgencyTree.ProvJatim],
            scope.AgencyIds.ToArray());
        Assert.True(scope.Published);
        Assert.DoesNotContain(AgencyTree.Dinkes, scope.AgencyIds);
    }

    // ---- domain refusals inside allowed cells -----------------------------------------------------------------------

    [Fact]
    public void Not_our_authority_after_the_first_response_is_refused()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);
        var before = sc.Snapshot();

        var outcome = sc.Do(new NotOurAuthorityAction("Ternyata jalan provinsi."), Actors.Admin(AgencyTree.KotaMalang));

        Assert.Equal(RejectionKind.InvalidState, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Theory]
    [InlineData(AgencyTree.Denpasar)]
    [InlineData(AgencyTree.ProvJatim)]
    [InlineData(AgencyTree.KotaMalang)]
    [InlineData("tidak-ada")]
    public void Route_to_unit_outside_the_agencys_subtree_is_refused(string unit)
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        var before = sc.Snapshot();

        var outcome = sc.Do(new RouteToUnitAction(unit, null), Actors.Admin(AgencyTree.KotaMalang));

        Assert.Equal(RejectionKind.InvalidInput, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Route_to_the_unit_that_already_holds_it_is_refused()
    {
        var sc = RoutedToDishub();
        var before = sc.Snapshot();

        var outcome = sc.Do(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang));

        Assert.Equal(RejectionKind.InvalidState, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Route_to_an_unknown_agency_is_refused()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Submitted);
        var before = sc.Snapshot();

        var outcome = sc.Do(Scenario.RouteTo("tidak-ada"), Actors.NationalAdmin);

        Assert.Equal(RejectionKind.InvalidInput, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Rating_outside_one_to_five_is_refused(int rating)
    {
        var resolved = Scenario.InStatus(ComplaintStatus.Resolved);
        Assert.Equal(RejectionKind.InvalidInput, resolved.Do(new ConfirmAction(rating, null), Actor.Reporter).Rejection?.Kind);
        Assert.Equal(ComplaintStatus.Resolved, resolved.State.Status);

        var closed = Scenario.InStatus(ComplaintStatus.Closed);
        var before = closed.Snapshot();
        Assert.Equal(RejectionKind.InvalidInput, closed.Do(new RateAction(rating, null), Actor.Reporter).Rejection?.Kind);
        Assert.Equal(before, closed.Snapshot());
    }

    [Fact]
    public void Stale_expected_version_is_refused()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        var before = sc.Snapshot();

        var outcome = sc.Do(new FollowUpAction("x"), Actors.Officer(AgencyTree.KotaMalang), expectedVersion: sc.State.Version - 1);

        Assert.Equal(RejectionKind.VersionMismatch, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Submitting_again_with_the_same_request_hash_changes_nothing_and_another_hash_conflicts()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Submitted);
        var before = sc.Snapshot();

        Assert.Equal(Outcome.Unchanged, sc.Submit());
        var conflict = sc.Machine.Submit(sc.State, Scenario.Id,
            new SubmitComplaint(Scenario.Report(null), null, "hash-2", "secret-2"), sc.Tree[AgencyTree.Nasional], sc.Now);

        Assert.Equal(RejectionKind.IdempotencyConflict, conflict.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Action_on_a_complaint_that_does_not_exist_is_not_found()
    {
        var sc = new Scenario();

        Assert.Equal(RejectionKind.NotFound, sc.Do(new ReplyAction("halo"), Actor.Reporter).Rejection?.Kind);
        Assert.Null(ComplaintMachine.NextAlarm(sc.State));
        Assert.Equal(Outcome.Unchanged, sc.Tick(sc.Now));
    }
}
