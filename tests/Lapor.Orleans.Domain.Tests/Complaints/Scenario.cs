using System.Text.Json;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>One complaint driven through the machine with explicit clock instants.</summary>
public sealed class Scenario
{
    /// <summary>Friday 13 March 2026, 10:00 WIB: the worked example of docs/domain.md §4.6.</summary>
    public static readonly DateTimeOffset Friday13 = new(2026, 3, 13, 10, 0, 0, TimeSpan.FromHours(7));

    public const string Id = "LPR-0000000001";

    public static readonly ReporterContact Contact = new("Siti Rahayu", "siti@example.id", "+6281234567890");

    /// <param name="tree">The agencies (the default tree if null).</param>
    /// <param name="reporterDataRetention">How long the reporter's data is kept once final (null: kept).</param>
    public Scenario(AgencyTree? tree = null, TimeSpan? reporterDataRetention = null)
    {
        Tree = tree ?? AgencyTree.Default();
        Machine = new(TestData.Cal, reporterDataRetention);
    }

    public AgencyTree Tree { get; }
    public ComplaintMachine Machine { get; }
    public ComplaintState State { get; } = new();
    public DateTimeOffset Now { get; set; } = Friday13;

    public static ReportData Report(string? target, bool anonymous = false, bool confidential = false) => new()
    {
        Kind = ReportKind.Complaint,
        Title = "Jalan berlubang di Jl. Ijen",
        Body = "Lubang besar di depan sekolah sejak dua minggu, sudah ada pengendara jatuh.",
        IncidentDate = new DateOnly(2026, 3, 10),
        Location = new Location("35.73", -7.9666, 112.6326, "Jl. Ijen depan SD"),
        Category = "infrastruktur",
        Channel = Channel.Web,
        Anonymous = anonymous,
        Confidential = confidential,
        TargetAgencyId = target,
    };

    public Outcome Submit(string? target = AgencyTree.KotaMalang, bool anonymous = false, bool confidential = false,
        bool withContact = true, ReportSource? source = null)
    {
        var verifier = Tree[target ?? AgencyIds.National];
        return Machine.Submit(State, Id, new SubmitComplaint(Report(target, anonymous, confidential) with { Source = source },
            withContact ? Contact : null, "hash-1", "secret-1"), verifier, Now);
    }

    /// <summary>Applies an action one hour after the previous step (or at <paramref name="at"/>).</summary>
    public Outcome Do(ComplaintAction action, Actor actor, DateTimeOffset? at = null, int? expectedVersion = null)
    {
        Now = at ?? Now.AddHours(1);
        return Machine.Execute(State, action, actor, expectedVersion, Tree.All, Now);
    }

    /// <summary>Applies an action that must succeed.</summary>
    public void Ok(ComplaintAction action, Actor actor, DateTimeOffset? at = null)
    {
        var outcome = Do(action, actor, at);
        Assert.True(outcome.Rejection is null, $"{action.GetType().Name} by {actor.Role} refused: {outcome.Rejection}");
        Assert.True(outcome.Changed);
    }

    public Outcome Tick(DateTimeOffset at)
    {
        Now = at;
        return Machine.Tick(State, at);
    }

    public DateTimeOffset? NextAlarm => ComplaintMachine.NextAlarm(State);

    /// <summary>The sweep's call at <paramref name="at"/>: erases the reporter's data of a final report whose date has come.</summary>
    public Outcome EraseIfDue(DateTimeOffset at)
    {
        Now = at;
        return ComplaintMachine.EraseReporterDataIfDue(State, at);
    }

    public Assignment Primary => State.PrimaryAssignment!;

    public Assignment AssignmentOf(string agencyId) => State.Assignments.Single(a => a.AgencyId == agencyId);

    public string Snapshot() => JsonSerializer.Serialize(State);

    // ---- legal paths to every status -----------------------------------------------------------------------------

    public static RouteAction RouteTo(string agencyId, bool? anonymous = null, bool? confidential = null) =>
        new(agencyId, ResolutionClass.Normative, "Mohon ditindaklanjuti.", anonymous, confidential);

    /// <summary>Submitted to kota-malang (the reporter chose it), then driven by legal steps into <paramref name="status"/>.</summary>
    public static Scenario InStatus(ComplaintStatus status, bool withRelatedCopy = false, TimeSpan? reporterDataRetention = null)
    {
        var sc = new Scenario(reporterDataRetention: reporterDataRetention);
        Assert.True(sc.Submit().Changed);
        switch (status)
        {
            case ComplaintStatus.Submitted:
                break;
            case ComplaintStatus.OnHold:
                sc.Ok(new HoldAction("Mohon lampirkan foto lokasi."), Actors.NationalAdmin);
                break;
            case ComplaintStatus.Archived:
                sc.Ok(new ArchiveAction("Duplikat laporan lain."), Actors.NationalAdmin);
                break;
            default:
                sc.Ok(RouteTo(AgencyTree.KotaMalang), Actors.NationalAdmin);
                if (withRelatedCopy)
                {
                    sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, null), Actors.NationalAdmin);
                }

                switch (status)
                {
                    case ComplaintStatus.Routed:
                        break;
                    case ComplaintStatus.Bounced:
                        sc.Ok(new NotOurAuthorityAction("Jalan provinsi, bukan jalan kota."), Actors.Admin(AgencyTree.KotaMalang));
                        break;
                    default:
                        sc.Ok(new FollowUpAction("Tim sudah meninjau lokasi."), Actors.Officer(AgencyTree.KotaMalang));
                        if (status == ComplaintStatus.InProgress)
                        {
                            break;
                        }

                        sc.Ok(new ResolveAction("Lubang sudah ditambal."), Actors.Officer(AgencyTree.KotaMalang));
                        if (status == ComplaintStatus.Closed)
                        {
                            sc.Ok(new ConfirmAction(5, "Terima kasih."), Actor.Reporter);
                        }

                        break;
                }

                break;
        }

        Assert.Equal(status, sc.State.Status);
        return sc;
    }
}
