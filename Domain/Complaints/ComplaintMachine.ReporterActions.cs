using Lapor.Domain.Monev;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Complaints;

/// <summary>What the reporter does: reply, confirm, rate, reopen.</summary>
public sealed partial class ComplaintMachine
{
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
        var window = ReopenWindowDays(s);
        if (s.ClosedAt is not { } closedAt || change.Now - closedAt > TimeSpan.FromDays(window))
        {
            return Outcome.Refuse(RejectionKind.InvalidState, $"Laporan hanya dapat dibuka kembali dalam {window} hari setelah ditutup.");
        }

        s.ReopenCount++;
        AssignmentFact(change, primary, zone => new MonevFact(MonevFactKind.Reopened, change.Now, zone));
        s.ClosedAt = null;
        s.ReporterDataEraseAt = null;
        // A reopened complaint is a new round of handling: its 60-day window starts again.
        s.ResolutionWindowStart = change.Now;
        primary.ResolvedAt = null;
        primary.Track.HolderIndex = 0;
        primary.Track.Clock = StartClock(DeadlineStep.Resolution, SlaPolicies.Resolution(primary.Track.Policy, primary.ResolutionClass),
            primary.Track.Path[0].Zone, change.Now, warns: true, ResolutionWindow.CeilingFor(s, primary.Track.Path[0].Zone));
        Record(s, change, "reopened", Actor.Reporter, ComplaintStatus.InProgress, a.Reason, EntryVisibility.Public);
        return Outcome.Applied;
    }
}
