using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Complaints;

/// <summary>What assigned agencies do: pass to a unit, refuse (bukan wewenang), follow up, resolve, add related agencies.</summary>
public sealed partial class ComplaintMachine
{
    private Outcome RouteToUnit(ComplaintState s, Change change, RouteToUnitAction a, Actor actor, IReadOnlyDictionary<string, AgencyRouting> agencies)
    {
        var assignment = AssignmentInScope(s, actor);
        if (assignment is null)
        {
            return OutOfScope();
        }

        if (!agencies.TryGetValue(a.UnitId, out var unit))
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Unit kerja tidak dikenal.", "unitId");
        }

        if (unit.AgencyId == assignment.AgencyId || !unit.Path.Any(n => n.AgencyId == assignment.AgencyId))
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Unit kerja harus berada di bawah instansi yang menerima laporan.", "unitId");
        }

        if (assignment.UnitId == unit.AgencyId)
        {
            return Outcome.Refuse(RejectionKind.InvalidState, "Laporan sudah berada di unit kerja tersebut.", "unitId");
        }

        // The unit works inside the agency's running deadline: the due time does not move.
        // If the step had already escalated above the agency, the escalated holder keeps it.
        var track = assignment.Track;
        var holderId = track.Holder.AgencyId;
        var escalatedAboveAgency = track.HolderIndex > IndexOf(track, assignment.AgencyId);
        assignment.UnitId = unit.AgencyId;
        track.Path = unit.Path;
        track.HolderIndex = escalatedAboveAgency ? IndexOf(track, holderId) : 0;
        Fact(change, unit.AgencyId, unit.Zone, ReceivedFact(s, change));
        Fact(change, unit.AgencyId, unit.Zone, new MonevFact(MonevFactKind.Assigned, change.Now, unit.Zone));
        Record(s, change, "routed-to-unit", actor, s.Status, Join($"Diteruskan ke unit kerja {unit.Name}.", a.Note), EntryVisibility.Public);
        return Outcome.Applied;
    }

    private Outcome NotOurAuthority(ComplaintState s, Change change, NotOurAuthorityAction a, Actor actor, IReadOnlyDictionary<string, AgencyRouting> agencies)
    {
        var assignment = AssignmentInScope(s, actor);
        if (assignment is null)
        {
            return OutOfScope();
        }

        if (!assignment.Primary)
        {
            // A related agency declining its copy only removes the copy.
            s.Assignments.Remove(assignment);
            Record(s, change, "related-declined", actor, s.Status, a.Reason, EntryVisibility.Internal);
            return Outcome.Applied;
        }

        if (assignment.FirstResponseAt is not null)
        {
            return Outcome.Refuse(RejectionKind.InvalidState, "Laporan yang sudah ditindaklanjuti tidak dapat dikembalikan.");
        }

        var national = agencies[AgencyIds.National];
        AssignmentFact(change, assignment, zone => new MonevFact(MonevFactKind.Bounced, change.Now, zone));
        s.Assignments.Remove(assignment);
        s.Intake = new Track
        {
            Path = national.Path,
            Policy = national.EffectivePolicy,
            Clock = StartClock(DeadlineStep.Rerouting, national.EffectivePolicy.Verification!, national.Path[0].Zone, change.Now, warns: true),
        };
        Record(s, change, "not-our-authority", actor, ComplaintStatus.Bounced, a.Reason, EntryVisibility.Public);
        return Outcome.Applied;
    }

    private Outcome FollowUp(ComplaintState s, Change change, FollowUpAction a, Actor actor)
    {
        var assignment = AssignmentInScope(s, actor);
        if (assignment is null)
        {
            return OutOfScope();
        }

        var to = s.Status;
        if (assignment.ResolvedAt is null)
        {
            RespondFirst(s, change, assignment);
            if (assignment.Primary && s.Status == ComplaintStatus.Routed)
            {
                to = ComplaintStatus.InProgress;
            }
        }
        else if (assignment.Primary && s.Status == ComplaintStatus.Resolved)
        {
            // Auto-close counts from the last follow-up.
            s.Intake = AutoCloseTrack(assignment, change.Now);
        }

        Record(s, change, "follow-up", actor, to, a.Message, EntryVisibility.Public);
        return Outcome.Applied;
    }

    private Outcome Resolve(ComplaintState s, Change change, ResolveAction a, Actor actor)
    {
        var assignment = AssignmentInScope(s, actor, unresolvedOnly: true);
        if (assignment is null)
        {
            return s.Assignments.Any(x => InScope(x.Track, actor))
                ? Outcome.Refuse(RejectionKind.InvalidState, "Penugasan instansi Anda sudah diselesaikan.")
                : OutOfScope();
        }

        var clockBefore = assignment.Track.Clock;
        RespondFirst(s, change, assignment);
        AssignmentFact(change, assignment, zone => new MonevFact(MonevFactKind.Resolved, change.Now, zone)
        {
            Since = assignment.RoutedAt,
            WithinSla = MonevFacts.WithinSla(clockBefore, change.Now),
        });
        assignment.ResolvedAt = change.Now;
        assignment.Track.Clock = null;

        var to = s.Status;
        if (assignment.Primary)
        {
            to = ComplaintStatus.Resolved;
            s.Intake = AutoCloseTrack(assignment, change.Now);
        }

        Record(s, change, "resolved", actor, to, a.Message, EntryVisibility.Public);
        return Outcome.Applied;
    }

    private Outcome AddRelated(ComplaintState s, Change change, AddRelatedAgencyAction a, Actor actor, IReadOnlyDictionary<string, AgencyRouting> agencies)
    {
        var primary = s.PrimaryAssignment!;
        if (actor.Role != ActorRole.NationalAdmin && !InScope(primary.Track, actor))
        {
            return OutOfScope();
        }

        if (!agencies.TryGetValue(a.AgencyId, out var related))
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Instansi terkait tidak dikenal.", "agencyId");
        }

        if (s.Assignments.Any(x => x.AgencyId == related.AgencyId || x.UnitId == related.AgencyId))
        {
            return Outcome.Refuse(RejectionKind.InvalidState, "Instansi tersebut sudah menerima laporan ini.", "agencyId");
        }

        s.Assignments.Add(NewAssignment(related, primary: false, s.ResolutionClass ?? ResolutionClass.Normative, change.Now));
        Fact(change, related.AgencyId, related.Zone, ReceivedFact(s, change));
        Fact(change, related.AgencyId, related.Zone, new MonevFact(MonevFactKind.Assigned, change.Now, related.Zone));
        Record(s, change, "related-agency-added", actor, s.Status,
            Join($"Tembusan ke instansi terkait {related.Name}.", a.Note), EntryVisibility.Public);
        return Outcome.Applied;
    }
}
