using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Complaints;

/// <summary>Re-counting clocks marked provisional once the calendar has the years they cross.</summary>
public static class ProvisionalClocks
{
    /// <summary>
    /// The clock counted again with <paramref name="cal"/>, or null when nothing changes: it is not provisional, is
    /// paused, has run out, is already due at <paramref name="now"/> (what fired stays fired), or the calendar still
    /// lacks one of its years. Warnings not yet given move with the due; the due never moves earlier.
    /// </summary>
    public static DeadlineClock? Recount(DeadlineClock clock, AgencyZone zone, WorkingCalendar cal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(cal);
        if (!clock.Provisional || clock.PausedAt is not null || clock.Exhausted || clock.DueAt <= now
            || cal.MissingYears(IndonesianZones.LocalDate(clock.StartedAt, zone), IndonesianZones.LocalDate(clock.DueAt, zone)).Count > 0)
        {
            return null;
        }

        var (due, rule) = ProvisionalDeadlines.Recount(clock.Limit, clock.Rule, clock.StartedAt, clock.DueAt, clock.CeilingAt, zone, cal);
        DateTimeOffset? Point(DateTimeOffset? at, bool given, double fraction) =>
            at is null || given || due == clock.DueAt ? at : Deadlines.PointAt(clock.Limit, clock.StartedAt, due, fraction, zone, cal);

        return clock with
        {
            DueAt = due,
            Rule = rule,
            Warn50At = Point(clock.Warn50At, clock.Warned50, 0.5),
            Warn75At = Point(clock.Warn75At, clock.Warned75, 0.75),
            Provisional = ProvisionalDeadlines.IsProvisional(clock.Limit, rule, clock.StartedAt, due, zone, cal),
        };
    }
}
