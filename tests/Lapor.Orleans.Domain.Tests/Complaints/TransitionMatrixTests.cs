using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>Every cell of ComplaintRules.ByAction × ComplaintStatus × ActorRole.</summary>
public class TransitionMatrixTests
{
    private static readonly Dictionary<string, Type> ActionTypes =
        ComplaintRules.ByAction.Keys.ToDictionary(t => t.Name, t => t);

    public static TheoryData<string, ComplaintStatus, ActorRole> Matrix()
    {
        var data = new TheoryData<string, ComplaintStatus, ActorRole>();
        foreach (var name in ActionTypes.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var status in Enum.GetValues<ComplaintStatus>())
            {
                foreach (var role in Enum.GetValues<ActorRole>())
                {
                    data.Add(name, status, role);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Matrix_covers_every_action_status_and_role()
    {
        Assert.Equal(14, ComplaintRules.ByAction.Count);
        Assert.Equal(14 * 8 * 6, Matrix().Count);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Action_is_accepted_iff_the_rule_allows_the_role_and_the_state(string actionName, ComplaintStatus status, ActorRole role)
    {
        var type = ActionTypes[actionName];
        var rule = ComplaintRules.ByAction[type];
        // "Bukan wewenang" on a complaint in progress is only possible for a related copy.
        var related = type == typeof(NotOurAuthorityAction) && status == ComplaintStatus.InProgress;
        var sc = Scenario.InStatus(status, withRelatedCopy: related);
        var actor = Actors.Of(role, ActorAgency(status, related));
        var action = ValidAction(type);

        var before = sc.Snapshot();
        var version = sc.State.Version;
        var outbox = sc.State.Outbox.Count;
        var timeline = sc.State.Timeline.ToList();

        var outcome = sc.Do(action, actor);

        var roleAllowed = rule.Roles.Contains(role);
        var stateAllowed = rule.States.Contains(status);
        if (roleAllowed && stateAllowed)
        {
            Assert.True(outcome.Rejection is null, $"refused: {outcome.Rejection}");
            Assert.True(outcome.Changed);
            Assert.Equal(version + 1, sc.State.Version);
            Assert.Equal(ExpectedStatus(type, status), sc.State.Status);
            TimelineAssert.AppendedOnly(timeline, sc.State.Timeline, status, sc.State.Status, actor, sc.Now);
            Assert.All(sc.State.Outbox.Skip(outbox), e => Assert.Equal(sc.State.Version, e.Notice.Version));
            return;
        }

        Assert.False(outcome.Changed);
        Assert.NotNull(outcome.Rejection);
        var expected = !roleAllowed ? RejectionKind.Forbidden : RejectionKind.InvalidState;
        Assert.Equal(expected, outcome.Rejection.Kind);
        Assert.Equal(version, sc.State.Version);
        Assert.Equal(outbox, sc.State.Outbox.Count);
        Assert.Equal(before, sc.Snapshot());
    }

    /// <summary>An in-scope agency for the complaint in this status (see <see cref="Scenario.InStatus"/>).</summary>
    private static string ActorAgency(ComplaintStatus status, bool related) => status switch
    {
        // Bounced: back on Admin Nasional's re-routing track.
        ComplaintStatus.Bounced => AgencyTree.Nasional,
        _ when related => AgencyTree.Kemenkes,
        _ => AgencyTree.KotaMalang,
    };

    private static ComplaintAction ValidAction(Type type) => type.Name switch
    {
        nameof(RouteAction) => Scenario.RouteTo(AgencyTree.KotaMalang),
        nameof(HoldAction) => new HoldAction("Mohon lengkapi alamat."),
        nameof(ArchiveAction) => new ArchiveAction("Tidak jelas."),
        nameof(SupplyInformationAction) => new SupplyInformationAction("Alamat: Jl. Ijen 12."),
        nameof(RouteToUnitAction) => new RouteToUnitAction(AgencyTree.Dishub, null),
        nameof(NotOurAuthorityAction) => new NotOurAuthorityAction("Bukan wewenang kami."),
        nameof(FollowUpAction) => new FollowUpAction("Sedang ditinjau."),
        nameof(ResolveAction) => new ResolveAction("Selesai diperbaiki."),
        nameof(AddRelatedAgencyAction) => new AddRelatedAgencyAction(AgencyTree.Kemenkes, "Tembusan."),
        nameof(ReplyAction) => new ReplyAction("Belum diperbaiki di sisi timur."),
        nameof(ConfirmAction) => new ConfirmAction(4, null),
        nameof(RateAction) => new RateAction(5, "Cepat."),
        nameof(ReopenAction) => new ReopenAction("Lubang muncul lagi."),
        nameof(ErasePersonalDataAction) => new ErasePersonalDataAction(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "No valid input for this action."),
    };

    private static ComplaintStatus ExpectedStatus(Type type, ComplaintStatus from) => type.Name switch
    {
        nameof(RouteAction) => ComplaintStatus.Routed,
        nameof(HoldAction) => ComplaintStatus.OnHold,
        nameof(ArchiveAction) => ComplaintStatus.Archived,
        nameof(SupplyInformationAction) => ComplaintStatus.Submitted,
        nameof(NotOurAuthorityAction) when from == ComplaintStatus.Routed => ComplaintStatus.Bounced,
        nameof(FollowUpAction) when from == ComplaintStatus.Routed => ComplaintStatus.InProgress,
        nameof(ResolveAction) => ComplaintStatus.Resolved,
        nameof(ReplyAction) when from == ComplaintStatus.Resolved => ComplaintStatus.InProgress,
        nameof(ConfirmAction) => ComplaintStatus.Closed,
        nameof(ReopenAction) => ComplaintStatus.InProgress,
        _ => from,
    };

    [Fact]
    public void NationalAdmin_cannot_say_not_our_authority_for_an_agency_it_re_routes_instead()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        var before = sc.Snapshot();

        var outcome = sc.Do(new NotOurAuthorityAction("Salah instansi."), Actors.NationalAdmin);

        Assert.Equal(RejectionKind.Forbidden, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }
}
