using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;

namespace Lapor.Domain.Sla;

/// <summary>
/// Deadline arithmetic for SLA limits. Working-day limits follow <see cref="WorkingCalendar"/>; hour and minute
/// limits are plain wall-clock durations (24/7). All results carry the zone's UTC offset.
/// </summary>
public static class Deadlines
{
    /// <summary>
    /// When a step started at <paramref name="start"/> falls due: for working days the end (local midnight) of
    /// the Nth working day after the start's local day; for hours/minutes <c>start + duration</c>.
    /// Breached when <c>now &gt;= due</c>.
    /// </summary>
    public static DateTimeOffset Due(SlaLimit limit, DateTimeOffset start, AgencyZone zone, WorkingCalendar cal)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(cal);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.Amount, 1, nameof(limit));
        return limit.Unit switch
        {
            SlaUnit.WorkingDays => cal.DeadlineAfter(start, limit.Amount, zone),
            _ => IndonesianZones.ToLocal(start + WallDuration(limit), zone),
        };
    }

    /// <summary>
    /// The instant at which <paramref name="fraction"/> (0..1) of the span start→due has elapsed: working time
    /// for working-day limits, wall time otherwise. 0 returns <paramref name="start"/> and 1 returns
    /// <paramref name="due"/> exactly; anything in between is rounded to the nearest whole second.
    /// </summary>
    public static DateTimeOffset PointAt(
        SlaLimit limit, DateTimeOffset start, DateTimeOffset due, double fraction, AgencyZone zone, WorkingCalendar cal)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(cal);
        if (double.IsNaN(fraction) || fraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must lie between 0 and 1.");
        }

        if (fraction == 0 || due <= start)
        {
            return IndonesianZones.ToLocal(start, zone);
        }

        if (fraction == 1)
        {
            return IndonesianZones.ToLocal(due, zone);
        }

        DateTimeOffset point;
        if (limit.Unit == SlaUnit.WorkingDays)
        {
            var total = cal.WorkingTimeBetween(start, due, zone);
            point = cal.AddWorkingTime(start, Scale(total, fraction), zone);
        }
        else
        {
            point = start + Scale(due - start, fraction);
        }

        return IndonesianZones.ToLocal(RoundToSecond(point), zone);
    }

    /// <summary>
    /// The new due instant of a clock paused at <paramref name="pausedAt"/> and resumed at
    /// <paramref name="resumedAt"/>: the time remaining at the pause (working time from pausedAt to due for
    /// working-day limits, wall time otherwise) is added from resumedAt. A clock paused at or after its due instant
    /// has nothing left, so it is due at <paramref name="resumedAt"/> (never back-dated).
    /// </summary>
    public static DateTimeOffset Resume(
        SlaLimit limit, DateTimeOffset pausedAt, DateTimeOffset due, DateTimeOffset resumedAt, AgencyZone zone, WorkingCalendar cal)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(cal);
        if (resumedAt < pausedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(resumedAt), resumedAt, "A clock cannot resume before it was paused.");
        }

        if (limit.Unit == SlaUnit.WorkingDays)
        {
            var remaining = cal.WorkingTimeBetween(pausedAt, due, zone);
            return cal.AddWorkingTime(resumedAt, remaining, zone);
        }

        var wallRemaining = due > pausedAt ? due - pausedAt : TimeSpan.Zero;
        return IndonesianZones.ToLocal(resumedAt + wallRemaining, zone);
    }

    private static TimeSpan WallDuration(SlaLimit limit) => limit.Unit switch
    {
        SlaUnit.Hours => TimeSpan.FromHours(limit.Amount),
        SlaUnit.Minutes => TimeSpan.FromMinutes(limit.Amount),
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit.Unit, "Unknown SlaUnit."),
    };

    private static TimeSpan Scale(TimeSpan span, double fraction) =>
        TimeSpan.FromTicks((long)Math.Round(span.Ticks * fraction, MidpointRounding.AwayFromZero));

    private static DateTimeOffset RoundToSecond(DateTimeOffset instant)
    {
        var rest = instant.UtcTicks % TimeSpan.TicksPerSecond;
        var rounded = rest >= TimeSpan.TicksPerSecond / 2
            ? instant.AddTicks(TimeSpan.TicksPerSecond - rest)
            : instant.AddTicks(-rest);
        return rounded;
    }
}
