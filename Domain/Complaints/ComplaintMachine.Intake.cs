using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Complaints;

/// <summary>Intake: verification and routing (disposisi), holds for missing information, archiving.</summary>
public sealed partial class ComplaintMachine
{
    private Outcome Route(ComplaintState s, Change change, RouteAction a, Actor actor, IReadOnlyDictionary<string, AgencyRouting> agencies)
    {
        if (!InIntakeScope(s, actor))
        {
            return OutOfScope();
        }

        if (!agencies.TryGetValue(a.AgencyId, out var target))
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Instansi tujuan tidak dikenal.", "agencyId");
        }

        if (a.Anonymous == false && s.Anonymous)
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Identitas pelapor anonim tidak dapat dibuka.", "anonymous");
        }

        if (a.Confidential == false && s.Confidential)
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Laporan rahasia tidak dapat dijadikan publik.", "confidential");
        }

        var rerouted = RelatedCopies.OnReroute(s, a);
        if (rerouted.Rejection is not null)
        {
            return rerouted;
        }

        s.Anonymous |= a.Anonymous == true;
        s.Confidential |= a.Confidential == true;
        s.ResolutionClass = a.ResolutionClass;
        s.ResolutionWindowStart ??= change.Now;
        if (s.Intake is { } routedFrom)
        {
            Fact(change, routedFrom.AssigneeId, routedFrom.Path[0].Zone, new MonevFact(MonevFactKind.Routed, change.Now, routedFrom.Path[0].Zone)
            {
                WithinSla = MonevFacts.WithinSla(routedFrom.Clock, change.Now),
            });
        }

        s.Intake = null;
        s.PausedVerification = null;
        s.Assignments.RemoveAll(x => x.Primary);
        s.Assignments.Insert(0, NewAssignment(target, primary: true, a.ResolutionClass, change.Now));
        if (target.AgencyId != s.VerifierId)
        {
            // The agency the reporter chose counted the complaint when it arrived for verification.
            Fact(change, target.AgencyId, target.Zone, ReceivedFact(s, change));
        }

        Fact(change, target.AgencyId, target.Zone, new MonevFact(MonevFactKind.Assigned, change.Now, target.Zone));
        Record(s, change, "routed", actor, ComplaintStatus.Routed,
            Join($"Didisposisikan ke {target.Name}.", a.Note), EntryVisibility.Public);
        if (rerouted.Changed)
        {
            var (entry, message) = RelatedCopies.Decide(s, a.RelatedAssignments!.Value);
            Record(s, change, entry, actor, s.Status, message, EntryVisibility.Public);
        }

        return Outcome.Applied;
    }

    private Outcome Hold(ComplaintState s, Change change, HoldAction a, Actor actor)
    {
        if (!InIntakeScope(s, actor))
        {
            return OutOfScope();
        }

        var intake = s.Intake!;
        var policy = intake.Policy;
        s.PausedVerification = intake.Clock! with { PausedAt = change.Now };
        intake.Clock = StartClock(DeadlineStep.HoldExpiry, policy.HoldExpiry!, intake.Holder.Zone, change.Now, warns: false);
        Record(s, change, "held", actor, ComplaintStatus.OnHold, a.Message, EntryVisibility.ReporterAndStaff);
        return Outcome.Applied;
    }

    private Outcome SupplyInformation(ComplaintState s, Change change, SupplyInformationAction a)
    {
        var intake = s.Intake!;
        var paused = s.PausedVerification!;
        var zone = intake.Holder.Zone;
        var pausedAt = paused.PausedAt!.Value;
        var due = Deadlines.Resume(paused.Limit, pausedAt, paused.DueAt, change.Now, zone, calendar);
        DateTimeOffset? Shift(DateTimeOffset? point, bool fired) =>
            point is { } p && !fired ? Deadlines.ResumePoint(paused.Limit, pausedAt, p, change.Now, due, zone, calendar) : point;

        intake.Clock = paused with
        {
            DueAt = due,
            Warn50At = Shift(paused.Warn50At, paused.Warned50),
            Warn75At = Shift(paused.Warn75At, paused.Warned75),
            PausedAt = null,
            Provisional = ProvisionalDeadlines.IsProvisional(paused.Limit, paused.Rule, paused.StartedAt, due, zone, calendar),
        };
        s.PausedVerification = null;
        Record(s, change, "information-supplied", Actor.Reporter, ComplaintStatus.Submitted, a.Message, EntryVisibility.ReporterAndStaff);
        return Outcome.Applied;
    }

    private Outcome Archive(ComplaintState s, Change change, Actor actor, string reason)
    {
        if (actor.Role != ActorRole.System && !InIntakeScope(s, actor))
        {
            return OutOfScope();
        }

        var archivedBy = s.Intake?.Path[0];
        Fact(change, archivedBy?.AgencyId ?? s.VerifierId, archivedBy?.Zone ?? AgencyZone.Wib, new MonevFact(MonevFactKind.Archived, change.Now, archivedBy?.Zone ?? AgencyZone.Wib));
        s.Intake = null;
        s.PausedVerification = null;
        foreach (var assignment in s.Assignments)
        {
            assignment.Track.Clock = null;
        }

        Record(s, change, "archived", actor, ComplaintStatus.Archived, reason, EntryVisibility.ReporterAndStaff);
        ScheduleErasure(s, change.Now);
        return Outcome.Applied;
    }
}
