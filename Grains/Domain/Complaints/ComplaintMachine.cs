using System.Collections.Immutable;
using Lapor.Orleans.Agencies;
using Lapor.Orleans.Complaints;
using Lapor.Orleans.Domain.Calendar;
using Lapor.Orleans.Domain.Monev;
using Lapor.Orleans.Monev;
using Lapor.Orleans.Domain.Sla;

namespace Lapor.Orleans.Domain.Complaints;

/// <summary>Whether a command changed the complaint, or why it was refused.</summary>
public readonly record struct Outcome(Rejection? Rejection, bool Changed)
{
    public static readonly Outcome Unchanged = new(null, false);
    public static readonly Outcome Applied = new(null, true);
    public static Outcome Refuse(RejectionKind kind, string message, string? field = null) => new(new Rejection(kind, message, field), false);
}

/// <summary>
/// The complaint state machine (DOMAIN.md §5) as plain code: submission, every transition, and the clock ticks that
/// warn, escalate, archive and close. It mutates the state it is given and, for every change, writes the agency
/// notices and the public-feed line into the state's outbox so the grain stores them in the same write.
/// </summary>
public sealed class ComplaintMachine(WorkingCalendar calendar)
{
    private const int LateFilingDays = 30;

    // ---- submission -------------------------------------------------------------------------------------------

    public Outcome Submit(ComplaintState s, string id, SubmitComplaint command, AgencyRouting verifier, DateTimeOffset now)
    {
        if (s.Exists)
        {
            return command.RequestHash == s.RequestHash
                ? Outcome.Unchanged
                : Outcome.Refuse(RejectionKind.IdempotencyConflict,
                    "Idempotency-Key ini sudah dipakai untuk laporan lain.", "Idempotency-Key");
        }

        var change = Begin(s, now);
        var report = command.Report;
        s.Id = id;
        s.SubmittedAt = now;
        s.Report = report;
        s.Contact = command.Contact;
        s.RequestHash = command.RequestHash;
        s.SecretHash = command.SecretHash;
        s.Anonymous = report.Anonymous;
        s.Confidential = report.Confidential;
        var localToday = DateOnly.FromDateTime(now.ToOffset(IndonesianZones.Get(verifier.Zone).BaseUtcOffset).DateTime);
        s.LateFiling = localToday.DayNumber - report.IncidentDate.DayNumber > LateFilingDays;
        s.VerifierId = verifier.AgencyId;
        s.Status = ComplaintStatus.Submitted;
        s.Intake = new Track
        {
            Path = verifier.Path,
            Policy = verifier.EffectivePolicy,
            Clock = StartClock(DeadlineStep.Verification, verifier.EffectivePolicy.Verification!, verifier.Path[0].Zone, now, warns: true),
        };
        Fact(change, verifier.AgencyId, verifier.Zone, ReceivedFact(s, change));
        var note = s.LateFiling
            ? "Laporan diterima. Catatan: disampaikan lebih dari 30 hari setelah kejadian."
            : "Laporan diterima.";
        Record(s, change, "submitted", Actor.Reporter, ComplaintStatus.Submitted, note, EntryVisibility.Public);
        Commit(s, change);
        return Outcome.Applied;
    }

    // ---- commands ---------------------------------------------------------------------------------------------

    /// <summary>Agencies whose routing a command needs; the grain fetches them before calling <see cref="Execute"/>.</summary>
    public static IEnumerable<string> AgenciesNeeded(ComplaintAction action) => action switch
    {
        RouteAction a => [a.AgencyId],
        RouteToUnitAction a => [a.UnitId],
        AddRelatedAgencyAction a => [a.AgencyId],
        NotOurAuthorityAction => [AgencyIds.National],
        _ => [],
    };

    public Outcome Execute(ComplaintState s, ComplaintAction action, Actor actor, int? expectedVersion,
        IReadOnlyDictionary<string, AgencyRouting> agencies, DateTimeOffset now)
    {
        if (!s.Exists)
        {
            return Outcome.Refuse(RejectionKind.NotFound, "Laporan tidak ditemukan.");
        }

        var rule = ComplaintRules.For(action);
        if (!rule.Roles.Contains(actor.Role))
        {
            return Outcome.Refuse(RejectionKind.Forbidden, "Peran Anda tidak berwenang melakukan tindakan ini.");
        }

        if (expectedVersion is { } expected && expected != s.Version)
        {
            return Outcome.Refuse(RejectionKind.VersionMismatch,
                $"Laporan sudah berubah (versi {s.Version}); muat ulang lalu coba lagi.", "If-Match");
        }

        if (!rule.States.Contains(s.Status))
        {
            return Outcome.Refuse(RejectionKind.InvalidState,
                $"Tindakan '{rule.Name}' tidak dapat dilakukan pada status {StatusLabels.Label(s.Status)}.");
        }

        var change = Begin(s, now);
        var outcome = action switch
        {
            RouteAction a => Route(s, change, a, actor, agencies),
            HoldAction a => Hold(s, change, a, actor),
            ArchiveAction a => Archive(s, change, actor, a.Reason),
            SupplyInformationAction a => SupplyInformation(s, change, a),
            RouteToUnitAction a => RouteToUnit(s, change, a, actor, agencies),
            NotOurAuthorityAction a => NotOurAuthority(s, change, a, actor, agencies),
            FollowUpAction a => FollowUp(s, change, a, actor),
            ResolveAction a => Resolve(s, change, a, actor),
            AddRelatedAgencyAction a => AddRelated(s, change, a, actor, agencies),
            ReplyAction a => Reply(s, change, a),
            ConfirmAction a => Confirm(s, change, a),
            RateAction a => Rate(s, change, a),
            ReopenAction a => Reopen(s, change, a),
            _ => throw new ArgumentException($"Unknown action {action.GetType().Name}.", nameof(action)),
        };

        if (outcome.Changed)
        {
            Commit(s, change);
        }

        return outcome;
    }

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
        Fact(change, archivedBy?.AgencyId ?? s.VerifierId, archivedBy?.Zone ?? Lapor.Orleans.Calendar.AgencyZone.Wib, new MonevFact(MonevFactKind.Archived, change.Now, archivedBy?.Zone ?? Lapor.Orleans.Calendar.AgencyZone.Wib));
        s.Intake = null;
        s.PausedVerification = null;
        foreach (var assignment in s.Assignments)
        {
            assignment.Track.Clock = null;
        }

        Record(s, change, "archived", actor, ComplaintStatus.Archived, reason, EntryVisibility.ReporterAndStaff);
        return Outcome.Applied;
    }

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

    private Outcome Reply(ComplaintState s, Change change, ReplyAction a)
    {
        var to = s.Status;
        if (s.Status == ComplaintStatus.Resolved)
        {
            // A reply keeps it open: no auto-close, and the agency owes an answer again.
            var primary = s.PrimaryAssignment!;
            s.Intake = null;
            primary.ResolvedAt = null;
            primary.Track.HolderIndex = 0;
            primary.Track.Clock = StartClock(DeadlineStep.Resolution, SlaPolicies.Resolution(primary.Track.Policy, primary.ResolutionClass),
                primary.Track.Path[0].Zone, change.Now, warns: true, ResolutionWindow.CeilingFor(s, primary.Track.Path[0].Zone));
            to = ComplaintStatus.InProgress;
        }

        Record(s, change, "reporter-reply", Actor.Reporter, to, a.Message, EntryVisibility.ReporterAndStaff);
        return Outcome.Applied;
    }

    private Outcome Confirm(ComplaintState s, Change change, ConfirmAction a)
    {
        if (a.Rating is { } rating && rating is < 1 or > 5)
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Penilaian harus 1 sampai 5.", "rating");
        }

        s.Rating = a.Rating ?? s.Rating;
        s.RatingComment = a.Comment ?? s.RatingComment;
        if (a.Rating is { } score)
        {
            AssignmentFact(change, s.PrimaryAssignment, zone => new MonevFact(MonevFactKind.Rated, change.Now, zone) { Score = score });
        }

        Close(s, change, Actor.Reporter, "confirmed", "Pelapor mengonfirmasi penyelesaian.");
        return Outcome.Applied;
    }

    private Outcome Rate(ComplaintState s, Change change, RateAction a)
    {
        if (a.Rating is < 1 or > 5)
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, "Penilaian harus 1 sampai 5.", "rating");
        }

        s.Rating = a.Rating;
        s.RatingComment = a.Comment;
        AssignmentFact(change, s.PrimaryAssignment, zone => new MonevFact(MonevFactKind.Rated, change.Now, zone) { Score = a.Rating });
        Record(s, change, "rated", Actor.Reporter, s.Status, $"Penilaian pelapor: {a.Rating}/5.", EntryVisibility.Public);
        return Outcome.Applied;
    }

    private Outcome Reopen(ComplaintState s, Change change, ReopenAction a)
    {
        var primary = s.PrimaryAssignment!;
        var window = primary.Track.Policy.ReopenWindowDays ?? SlaPolicies.National.ReopenWindowDays!.Value;
        if (s.ClosedAt is not { } closedAt || change.Now - closedAt > TimeSpan.FromDays(window))
        {
            return Outcome.Refuse(RejectionKind.InvalidState, $"Laporan hanya dapat dibuka kembali dalam {window} hari setelah ditutup.");
        }

        s.ReopenCount++;
        AssignmentFact(change, primary, zone => new MonevFact(MonevFactKind.Reopened, change.Now, zone));
        s.ClosedAt = null;
        // A reopened complaint is a new round of handling: its 60-day window starts again.
        s.ResolutionWindowStart = change.Now;
        primary.ResolvedAt = null;
        primary.Track.HolderIndex = 0;
        primary.Track.Clock = StartClock(DeadlineStep.Resolution, SlaPolicies.Resolution(primary.Track.Policy, primary.ResolutionClass),
            primary.Track.Path[0].Zone, change.Now, warns: true, ResolutionWindow.CeilingFor(s, primary.Track.Path[0].Zone));
        Record(s, change, "reopened", Actor.Reporter, ComplaintStatus.InProgress, a.Reason, EntryVisibility.Public);
        return Outcome.Applied;
    }

    // ---- clock ticks ------------------------------------------------------------------------------------------

    /// <summary>
    /// Fires whatever is due at <paramref name="now"/>. Safe to call early, twice, or late: it decides from the
    /// stored due times only. On a late tick each clock moves at most one step, and nothing is back-dated: a warning
    /// overtaken by its deadline is dropped, and an escalation's fresh deadline starts now.
    /// </summary>
    public Outcome Tick(ComplaintState s, DateTimeOffset now)
    {
        if (!s.Exists || ComplaintRules.IsTerminal(s.Status))
        {
            return Outcome.Unchanged;
        }

        var change = Begin(s, now);
        var changed = RecountProvisional(s, change);
        if (s.Intake is { Clock: { } intakeClock } intake && intakeClock.NextAlarm is { } intakeAlarm && intakeAlarm <= now)
        {
            changed |= intakeClock.Step switch
            {
                DeadlineStep.HoldExpiry => Archive(s, change, Actor.System,
                    "Diarsipkan otomatis: tidak ada tanggapan pelapor selama masa tunda.").Changed,
                DeadlineStep.AutoClose => CloseAutomatically(s, change),
                _ => Advance(s, change, intake),
            };
        }

        foreach (var assignment in s.Assignments)
        {
            if (assignment.Track.Clock?.NextAlarm is { } alarm && alarm <= now)
            {
                changed |= Advance(s, change, assignment.Track);
            }
        }

        if (changed)
        {
            Commit(s, change);
        }

        return changed ? Outcome.Applied : Outcome.Unchanged;
    }

    /// <summary>The next instant the complaint must wake up, or null when nothing is pending.</summary>
    public static DateTimeOffset? NextAlarm(ComplaintState s)
    {
        if (!s.Exists || ComplaintRules.IsTerminal(s.Status))
        {
            return null;
        }

        return s.Assignments.Select(a => a.Track.Clock?.NextAlarm)
            .Append(s.Intake?.Clock?.NextAlarm)
            .Where(t => t is not null)
            .Min();
    }

    /// <summary>
    /// Clocks counted across a year without holiday data are counted again once the calendar has that year; pending
    /// ones only (a deadline that already fired keeps what happened). The timeline says what moved.
    /// </summary>
    private bool RecountProvisional(ComplaintState s, Change change)
    {
        var changed = false;
        foreach (var track in s.Assignments.Select(a => a.Track).Prepend(s.Intake))
        {
            if (track?.Clock is not { Provisional: true } clock
                || ProvisionalClocks.Recount(clock, track.Holder.Zone, calendar, change.Now) is not { } recounted)
            {
                continue;
            }

            track.Clock = recounted;
            changed = true;
            var message = recounted.DueAt == clock.DueAt
                ? $"Data hari libur kini tersedia; batas waktu {StepLabel(clock.Step)} untuk {track.Holder.AgencyId} tetap {Format(clock.DueAt, track.Holder)}."
                : $"Data hari libur kini tersedia; batas waktu {StepLabel(clock.Step)} untuk {track.Holder.AgencyId} dihitung ulang dari {Format(clock.DueAt, track.Holder)} menjadi {Format(recounted.DueAt, track.Holder)}.";
            Record(s, change, "deadline-recounted", Actor.System, s.Status, message, EntryVisibility.Internal);
        }

        return changed;
    }

    private bool CloseAutomatically(ComplaintState s, Change change)
    {
        Close(s, change, Actor.System, "auto-closed", "Ditutup otomatis: tidak ada tanggapan pelapor setelah tindak lanjut terakhir.");
        return true;
    }

    private bool Advance(ComplaintState s, Change change, Track track)
    {
        var clock = track.Clock!;
        var now = change.Now;
        var holder = track.Holder;
        if (now < clock.DueAt)
        {
            // A warning is due. On a late tick only the highest point passed is announced.
            var percent = clock.Warn75At <= now ? 75 : 50;
            track.Clock = percent == 75
                ? clock with { Warned50 = true, Warned75 = true }
                : clock with { Warned50 = true };
            Record(s, change, $"warning-{percent}", Actor.System, s.Status,
                $"Peringatan: {percent}% batas waktu {StepLabel(clock.Step)} untuk {holder.AgencyId} telah berlalu (batas {Format(clock.DueAt, holder)}).",
                EntryVisibility.Internal);
            return true;
        }

        Fact(change, holder.AgencyId, holder.Zone, new MonevFact(MonevFactKind.Breach, now, holder.Zone) { Step = clock.Step });
        if (track.HolderIndex + 1 < track.Path.Length)
        {
            track.HolderIndex++;
            var next = track.Holder;
            var ceiling = clock.Step == DeadlineStep.Resolution ? clock.CeilingAt ?? ResolutionWindow.CeilingFor(s, track.Path[0].Zone) : (DateTimeOffset?)null;
            track.Clock = StartClock(clock.Step, next.EscalatedLimit, next.Zone, now, warns: true, ceiling) with { Escalations = clock.Escalations + 1 };
            Fact(change, next.AgencyId, next.Zone, new MonevFact(MonevFactKind.Escalation, now, next.Zone) { Step = clock.Step });
            change.Escalate(next.AgencyId, new EscalationRecord(s.Id, clock.Step, holder.AgencyId, now, clock.DueAt, NationalIntervention: false));
            Record(s, change, "escalated", Actor.System, s.Status,
                $"Batas waktu {StepLabel(clock.Step)} terlewati oleh {holder.AgencyId}; dieskalasi ke {next.AgencyId} dengan batas baru {Format(track.Clock.DueAt, next)}."
                + EscalationNotes.Why(clock, track.Clock),
                EntryVisibility.ReporterAndStaff);
        }
        else
        {
            track.Clock = clock with { Exhausted = true, Warned50 = true, Warned75 = true };
            s.NationalIntervention = true;
            change.Escalate(holder.AgencyId, new EscalationRecord(s.Id, clock.Step, holder.AgencyId, now, clock.DueAt, NationalIntervention: true));
            Record(s, change, "national-intervention", Actor.System, s.Status,
                $"Batas waktu {StepLabel(clock.Step)} terlewati di tingkat tertinggi; laporan ditandai untuk intervensi nasional."
                + EscalationNotes.Why(clock, null),
                EntryVisibility.Internal);
            Record(s, change, "ombudsman-notice", Actor.System, s.Status,
                "Laporan Anda belum ditangani dalam batas waktu oleh instansi maupun atasannya. Anda dapat menyampaikan " +
                "laporan ini kepada Ombudsman Republik Indonesia (UU 37/2008 pasal 24).",
                EntryVisibility.ReporterAndStaff);
        }

        return true;
    }

    // ---- pieces -----------------------------------------------------------------------------------------------

    private Assignment NewAssignment(AgencyRouting target, bool primary, ResolutionClass resolutionClass, DateTimeOffset now) => new()
    {
        AgencyId = target.AgencyId,
        Primary = primary,
        RoutedAt = now,
        ResolutionClass = resolutionClass,
        Track = new Track
        {
            Path = target.Path,
            Policy = target.EffectivePolicy,
            Clock = StartClock(DeadlineStep.FirstResponse, target.EffectivePolicy.FirstResponse!, target.Zone, now, warns: true),
        },
    };

    private void RespondFirst(ComplaintState s, Change change, Assignment assignment)
    {
        if (assignment.FirstResponseAt is not null)
        {
            return;
        }

        assignment.FirstResponseAt = change.Now;
        AssignmentFact(change, assignment, zone => new MonevFact(MonevFactKind.FirstResponse, change.Now, zone)
        {
            Since = assignment.RoutedAt,
            WithinSla = MonevFacts.WithinSla(assignment.Track.Clock, change.Now),
        });

        var track = assignment.Track;
        track.HolderIndex = 0;
        track.Clock = StartClock(DeadlineStep.Resolution, SlaPolicies.Resolution(assignment.Track.Policy, assignment.ResolutionClass),
            track.Path[0].Zone, change.Now, warns: true, ResolutionWindow.CeilingFor(s, track.Path[0].Zone));
    }

    private Track AutoCloseTrack(Assignment primary, DateTimeOffset now) => new()
    {
        Path = primary.Track.Path,
        Policy = primary.Track.Policy,
        Clock = StartClock(DeadlineStep.AutoClose, primary.Track.Policy.AutoClose!, primary.Track.Path[0].Zone, now, warns: false),
    };

    private void Close(ComplaintState s, Change change, Actor actor, string action, string message)
    {
        AssignmentFact(change, s.PrimaryAssignment, zone => new MonevFact(MonevFactKind.Closed, change.Now, zone));
        s.ClosedAt = change.Now;
        s.Intake = null;
        foreach (var assignment in s.Assignments)
        {
            assignment.Track.Clock = null;
        }

        Record(s, change, action, actor, ComplaintStatus.Closed, message, EntryVisibility.Public);
    }

    private DeadlineClock StartClock(DeadlineStep step, SlaLimit limit, Lapor.Orleans.Calendar.AgencyZone zone, DateTimeOffset now, bool warns,
        DateTimeOffset? ceiling = null)
    {
        var due = Deadlines.Due(limit, now, zone, calendar);
        var rule = DeadlineRule.Limit;
        if (ceiling is { } c)
        {
            (due, rule) = ResolutionCeiling.Apply(due, c, now);
        }

        return new DeadlineClock
        {
            Step = step,
            Limit = limit,
            StartedAt = now,
            DueAt = due,
            Warn50At = warns ? Deadlines.PointAt(limit, now, due, 0.5, zone, calendar) : null,
            Warn75At = warns ? Deadlines.PointAt(limit, now, due, 0.75, zone, calendar) : null,
            Rule = rule,
            CeilingAt = ceiling,
            Provisional = ProvisionalDeadlines.IsProvisional(limit, rule, now, due, zone, calendar),
        };
    }

    private static bool InScope(Track track, Actor actor) =>
        actor.Role == ActorRole.NationalAdmin || (actor.AgencyId is { } id && track.Contains(id));

    private static bool InIntakeScope(ComplaintState s, Actor actor) =>
        actor.Role == ActorRole.NationalAdmin || (s.Intake is { } intake && InScope(intake, actor));

    /// <summary>The assignment the actor answers for: the one whose chain holds their agency, nearest first.</summary>
    private static Assignment? AssignmentInScope(ComplaintState s, Actor actor, bool unresolvedOnly = false)
    {
        var candidates = s.Assignments.Where(a => !unresolvedOnly || a.ResolvedAt is null).ToList();
        if (actor.Role == ActorRole.NationalAdmin)
        {
            return candidates.FirstOrDefault(a => a.Primary) ?? candidates.FirstOrDefault();
        }

        return actor.AgencyId is not { } id
            ? null
            : candidates.Where(a => a.Track.Contains(id)).OrderBy(a => IndexOf(a.Track, id)).FirstOrDefault();
    }

    private static int IndexOf(Track track, string agencyId)
    {
        for (var i = 0; i < track.Path.Length; i++)
        {
            if (track.Path[i].AgencyId == agencyId)
            {
                return i;
            }
        }

        return -1;
    }

    private static Outcome OutOfScope() =>
        Outcome.Refuse(RejectionKind.Forbidden, "Laporan ini tidak berada dalam wewenang instansi Anda.");

    private static string? Join(string text, string? note) => string.IsNullOrWhiteSpace(note) ? text : $"{text} {note}";

    private static string StepLabel(DeadlineStep step) => step switch
    {
        DeadlineStep.Verification => "verifikasi",
        DeadlineStep.Rerouting => "disposisi ulang",
        DeadlineStep.FirstResponse => "tanggapan pertama",
        DeadlineStep.Resolution => "penyelesaian",
        DeadlineStep.HoldExpiry => "masa tunda",
        DeadlineStep.AutoClose => "konfirmasi pelapor",
        _ => step.ToString(),
    };

    private static string Format(DateTimeOffset at, PathNode node) =>
        at.ToOffset(IndonesianZones.Get(node.Zone).BaseUtcOffset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        + " " + IndonesianZones.Label(node.Zone);

    // ---- effects: timeline, counters, notices -----------------------------------------------------------------

    /// <summary>Journals a monev fact for an agency, measured now (docs/monev.md).</summary>
    private void Fact(Change change, string agencyId, Lapor.Orleans.Calendar.AgencyZone zone, MonevFact fact) =>
        change.Fact(agencyId, MonevFacts.Measure(fact with { Zone = zone }, calendar));

    /// <summary>A fact for an assignment's agency and, when routed on to a unit, for the unit too.</summary>
    private void AssignmentFact(Change change, Assignment? assignment, Func<Lapor.Orleans.Calendar.AgencyZone, MonevFact> fact)
    {
        if (assignment is null)
        {
            return;
        }

        var zone = MonevFacts.ZoneOf(assignment.Track, assignment.AgencyId);
        Fact(change, assignment.AgencyId, zone, fact(zone));
        if (assignment.UnitId is { } unitId)
        {
            var unitZone = MonevFacts.ZoneOf(assignment.Track, unitId);
            Fact(change, unitId, unitZone, fact(unitZone));
        }
    }

    private static MonevFact ReceivedFact(ComplaintState s, Change change) => new(MonevFactKind.Received, change.Now, default)
    {
        Channel = s.Report!.Channel,
        Category = s.Report.Category,
        ReportKind = s.Report.Kind,
    };

    /// <summary>What one accepted change does besides mutating the state.</summary>
    private sealed class Change(DateTimeOffset now, Dictionary<string, InboxItem> before, PublicSummary? publishedBefore)
    {
        public DateTimeOffset Now { get; } = now;
        public Dictionary<string, InboxItem> Before { get; } = before;
        public PublicSummary? PublishedBefore { get; } = publishedBefore;
        public Dictionary<string, EscalationRecord> Escalations { get; } = [];
        public Dictionary<string, List<MonevFact>> Facts { get; } = [];

        public void Fact(string agencyId, MonevFact fact)
        {
            if (!Facts.TryGetValue(agencyId, out var list))
            {
                Facts[agencyId] = list = [];
            }

            list.Add(fact);
        }


        public void Escalate(string agencyId, EscalationRecord record) => Escalations[agencyId] = record;
    }

    private static Change Begin(ComplaintState s, DateTimeOffset now) =>
        new(now, ComplaintProjections.Inbox(s, now), ComplaintProjections.PublicSummaryOf(s, now));

    private static void Record(ComplaintState s, Change change, string action, Actor actor, ComplaintStatus to, string? message, EntryVisibility visibility)
    {
        s.Timeline.Add(new TimelineEntry(s.Timeline.Count + 1, change.Now, action, actor.Id, actor.Role, actor.AgencyId,
            s.Status, to, message, visibility));
        s.Status = to;
    }

    /// <summary>The running counters are a tally of the monev facts, so the two can never disagree.</summary>
    private static AgencyCounters CountersOf(List<MonevFact> facts) => new(
        Received: facts.Count(f => f.Kind == MonevFactKind.Received),
        FollowedUp: facts.Count(f => f.Kind == MonevFactKind.FirstResponse),
        Resolved: facts.Count(f => f.Kind == MonevFactKind.Resolved),
        Breached: facts.Count(f => f.Kind == MonevFactKind.Breach),
        Escalated: facts.Count(f => f.Kind == MonevFactKind.Escalation));

    /// <summary>Bumps the version and queues what agencies and the public feed must learn from this change.</summary>
    private static void Commit(ComplaintState s, Change change)
    {
        s.Version++;
        var after = ComplaintProjections.Inbox(s, change.Now);
        var agencies = change.Before.Keys.Union(after.Keys).Union(change.Escalations.Keys)
            .Union(change.Facts.Keys).Order(StringComparer.Ordinal);
        foreach (var agencyId in agencies)
        {
            var was = change.Before.GetValueOrDefault(agencyId);
            var now = after.GetValueOrDefault(agencyId);
            var escalation = change.Escalations.GetValueOrDefault(agencyId);
            var itemChanged = !Equals(was is null ? null : was with { UpdatedAt = default }, now is null ? null : now with { UpdatedAt = default });
            var facts = change.Facts.GetValueOrDefault(agencyId) ?? [];
            var counters = CountersOf(facts);
            s.MonevJournal.AddRange(facts.Select(f => new MonevJournalEntry(agencyId, s.Version, f)));
            if (itemChanged || !counters.IsZero() || escalation is not null || facts.Count > 0)
            {
                s.Outbox.Add(new OutboxEntry(agencyId, new ComplaintNotice(s.Id, s.Version, now, counters, escalation) { Facts = [.. facts] }));
            }
        }

        var published = ComplaintProjections.PublicSummaryOf(s, change.Now);
        if (!Equals(published is null ? null : published with { UpdatedAt = default },
                change.PublishedBefore is null ? null : change.PublishedBefore with { UpdatedAt = default }))
        {
            s.PendingPublication = new PendingPublication(s.Version, published);
        }
    }
}
