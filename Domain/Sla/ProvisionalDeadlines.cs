using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Sla;

/// <summary>
/// Deadlines counted across a year that has no holiday data yet (only weekends skipped there). Such a due instant
/// is provisional: once the year's holidays arrive it can only move later, so a pending clock is counted again from
/// its start; one that has already fired keeps what happened (nothing is back-dated).
/// </summary>
public static class ProvisionalDeadlines
{
    /// <summary>
    /// True when a working-day deadline started at <paramref name="start"/> and due at <paramref name="due"/> was
    /// counted across a year without holiday data. Wall-clock limits and deadlines set by the 60-day ceiling (calendar
    /// days) never depend on the holiday list.
    /// </summary>
    public static bool IsProvisional(SlaLimit limit, DeadlineRule rule, DateTimeOffset start, DateTimeOffset due, AgencyZone zone, WorkingCalendar cal)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(cal);
        return limit.Unit == SlaUnit.WorkingDays
            && rule != DeadlineRule.Ceiling
            && cal.MissingYears(IndonesianZones.LocalDate(start, zone), IndonesianZones.LocalDate(due, zone)).Count > 0;
    }

    /// <summary>
    /// The due instant counted again with <paramref name="cal"/> from <paramref name="start"/>, and the rule that
    /// sets it: a clock set by its limit is still capped by its <paramref name="ceiling"/>. Never earlier than
    /// <paramref name="due"/>, the instant it had: new holidays only push a deadline later, and a clock resumed after
    /// a hold (whose due already lies beyond a plain count from its start) keeps its due.
    /// </summary>
    public static (DateTimeOffset Due, DeadlineRule Rule) Recount(
        SlaLimit limit, DeadlineRule rule, DateTimeOffset start, DateTimeOffset due, DateTimeOffset? ceiling, AgencyZone zone, WorkingCalendar cal)
    {
        var recounted = Deadlines.Due(limit, start, zone, cal);
        if (recounted <= due)
        {
            return (due, rule);
        }

        if (rule == DeadlineRule.Limit && ceiling is { } c && c < recounted)
        {
            return (c > due ? IndonesianZones.ToLocal(c, zone) : due, DeadlineRule.Ceiling);
        }

        return (recounted, rule);
    }
}
