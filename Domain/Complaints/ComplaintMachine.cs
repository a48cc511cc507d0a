using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;

namespace Lapor.Domain.Complaints;

/// <summary>Whether a command changed the complaint, or why it was refused.</summary>
public readonly record struct Outcome(Rejection? Rejection, bool Changed)
{
    public static readonly Outcome Unchanged = new(null, false);
    public static readonly Outcome Applied = new(null, true);
    public static Outcome Refuse(RejectionKind kind, string message, string? field = null) => new(new Rejection(kind, message, field), false);
}

/// <summary>
/// The complaint state machine (docs/domain.md §3–4) as plain code: submission, every transition, and the clock ticks that
/// warn, escalate, archive and close. It mutates the state it is given and, for every change, writes the agency
/// notices and the public-feed line into the state's outbox so the grain stores them in the same write.
/// <paramref name="reporterDataRetention"/> is how long the reporter's personal data is kept after the report is final
/// (null: kept, as the operator chose).
/// </summary>
public sealed partial class ComplaintMachine(WorkingCalendar calendar, TimeSpan? reporterDataRetention = null)
{
    private const int LateFilingDays = 30;

    // ---- submission -------------------------------------------------------------------------------------------

    public Outcome Submit(ComplaintState s, string id, SubmitComplaint command, AgencyRouting verifier, DateTimeOffset now)
    {
        if (command.Attachments is { Length: > ComplaintRules.MaxAttachmentsPerEntry })
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, $"Paling banyak {ComplaintRules.MaxAttachmentsPerEntry} lampiran per pesan.", "attachmentIds");
        }

        if (s.Exists)
        {
            return command.RequestHash == s.RequestHash
                ? Outcome.Unchanged
                : Outcome.Refuse(RejectionKind.IdempotencyConflict, IdempotencyConflict(s), "Idempotency-Key");
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
        if (command.Attachments is { Length: > 0 } attachments)
        {
            s.Timeline[^1] = s.Timeline[^1] with { Attachments = attachments };
        }
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

        if (action.Attachments is { Length: > 0 } attached
            && (!ComplaintRules.AcceptsAttachments(action) || attached.Length > ComplaintRules.MaxAttachmentsPerEntry))
        {
            return Outcome.Refuse(RejectionKind.InvalidInput, ComplaintRules.AcceptsAttachments(action)
                ? $"Paling banyak {ComplaintRules.MaxAttachmentsPerEntry} lampiran per pesan."
                : "Tindakan ini tidak menerima lampiran.", "attachmentIds");
        }

        var change = Begin(s, now);
        var entries = s.Timeline.Count;
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
            ErasePersonalDataAction => ErasePersonalDataOnRequest(s, change),
            _ => throw new ArgumentException($"Unknown action {action.GetType().Name}.", nameof(action)),
        };

        if (outcome.Changed)
        {
            // The actor's own entry is the first this change recorded; it carries the attachments.
            if (action.Attachments is { Length: > 0 } attachments && s.Timeline.Count > entries)
            {
                s.Timeline[entries] = s.Timeline[entries] with { Attachments = attachments };
            }

            Commit(s, change);
        }

        return outcome;
    }
}
