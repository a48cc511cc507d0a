using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Complaints;

/// <summary>The 60-day resolution window of one complaint (see <see cref="ResolutionCeiling"/>).</summary>
public static class ResolutionWindow
{
    /// <summary>The timeline action of a routing (disposisi); the first one marks the file complete.</summary>
    private const string Routed = "routed";

    /// <summary>
    /// When the file counts as complete: the first routing, when the verifier accepted it (after any tunda), or the
    /// last reopen. Complaints stored before this was recorded fall back to their first routing in the timeline.
    /// </summary>
    public static DateTimeOffset Start(ComplaintState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.ResolutionWindowStart
            ?? s.Timeline.FirstOrDefault(e => e.Action == Routed)?.At
            ?? s.SubmittedAt;
    }

    /// <summary>The ceiling instant in <paramref name="zone"/>, the zone of the agency the resolution is due from.</summary>
    public static DateTimeOffset CeilingFor(ComplaintState s, AgencyZone zone) => ResolutionCeiling.For(Start(s), zone);
}
