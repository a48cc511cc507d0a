using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Complaints;

/// <summary>Building blocks shared by the transitions: assignments, clocks, scope checks and timeline wording.</summary>
public sealed partial class ComplaintMachine
{
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
        // Final once the reporter can no longer reopen it.
        ScheduleErasure(s, change.Now + TimeSpan.FromDays(ReopenWindowDays(s)));
    }

    /// <summary>How long after closing the reporter may reopen: the primary agency's policy, or the national default.</summary>
    private static int ReopenWindowDays(ComplaintState s) =>
        s.PrimaryAssignment?.Track.Policy.ReopenWindowDays ?? SlaPolicies.National.ReopenWindowDays!.Value;

    private DeadlineClock StartClock(DeadlineStep step, SlaLimit limit, AgencyZone zone, DateTimeOffset now, bool warns,
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
}
