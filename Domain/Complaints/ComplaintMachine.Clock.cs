using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Complaints;

/// <summary>Clock ticks: warnings, breaches, escalation up the tree, automatic archive and close.</summary>
public sealed partial class ComplaintMachine
{
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

    /// <summary>
    /// The next instant the complaint must wake up for a deadline, or null when nothing is pending. A final report's
    /// erasure date is not one: the sweep wakes it (<see cref="EraseReporterDataIfDue"/>).
    /// </summary>
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
                ? $"Data hari libur kini tersedia; batas waktu {StepLabel(clock.Step)} untuk {track.Holder.Label} tetap {Format(clock.DueAt, track.Holder)}."
                : $"Data hari libur kini tersedia; batas waktu {StepLabel(clock.Step)} untuk {track.Holder.Label} dihitung ulang dari {Format(clock.DueAt, track.Holder)} menjadi {Format(recounted.DueAt, track.Holder)}.";
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
                $"Peringatan: {percent}% batas waktu {StepLabel(clock.Step)} untuk {holder.Label} telah berlalu (batas {Format(clock.DueAt, holder)}).",
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
                $"Batas waktu {StepLabel(clock.Step)} terlewati oleh {holder.Label}; dieskalasi ke {next.Label} dengan batas baru {Format(track.Clock.DueAt, next)}."
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
}
