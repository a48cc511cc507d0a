using System.Collections.Frozen;

namespace Lapor.Domain.Calendar;

/// <summary>
/// The national working-day calendar (hari kerja): Monday–Friday minus national holidays and cuti bersama.
/// Immutable and thread-safe. A year without holiday data counts only weekends as non-working days; it is never
/// guessed, and <see cref="MissingYears"/> reports it so the caller can warn.
/// </summary>
/// <remarks>
/// Semantics used throughout: a local calendar day in the agency's zone is either wholly working or wholly
/// non-working; "end of day D" is the local midnight that starts D+1 (an exclusive bound: a deadline is breached
/// when <c>now &gt;= due</c>). Every returned instant carries the zone's UTC offset.
/// </remarks>
public sealed class WorkingCalendar
{
    /// <summary>Upper bound on any day-by-day walk, so bad input can never loop forever.</summary>
    private const int MaxDaysWalked = 20 * 366;

    private readonly FrozenDictionary<int, HolidayYear> years;
    private readonly FrozenDictionary<DateOnly, Holiday> holidays;

    public WorkingCalendar(IEnumerable<HolidayYear> holidayYears)
    {
        ArgumentNullException.ThrowIfNull(holidayYears);
        var byYear = new Dictionary<int, HolidayYear>();
        var byDate = new Dictionary<DateOnly, Holiday>();
        foreach (var year in holidayYears)
        {
            ArgumentNullException.ThrowIfNull(year, nameof(holidayYears));
            if (!byYear.TryAdd(year.Year, year))
            {
                throw new ArgumentException($"Holiday year {year.Year} is given more than once.", nameof(holidayYears));
            }

            foreach (var day in year.Days.IsDefault ? [] : year.Days)
            {
                if (day.Date.Year != year.Year)
                {
                    throw new ArgumentException(
                        $"Holiday {day.Date:yyyy-MM-dd} lies outside its year {year.Year}.", nameof(holidayYears));
                }

                if (!byDate.TryAdd(day.Date, day))
                {
                    throw new ArgumentException($"Holiday {day.Date:yyyy-MM-dd} is given more than once.", nameof(holidayYears));
                }
            }
        }

        years = byYear.ToFrozenDictionary();
        holidays = byDate.ToFrozenDictionary();
        Years = [.. byYear.Keys.Order()];
    }

    /// <summary>A calendar with no holiday data at all (weekends only).</summary>
    public static WorkingCalendar Empty { get; } = new([]);

    /// <summary>The years that have holiday data, ascending.</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>A new calendar with <paramref name="year"/> added, replacing any data for the same year.</summary>
    public WorkingCalendar WithYear(HolidayYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        return new WorkingCalendar(years.Values.Where(y => y.Year != year.Year).Append(year));
    }

    /// <summary>The data for <paramref name="year"/>, or null when the year has none.</summary>
    public HolidayYear? GetYear(int year) => years.GetValueOrDefault(year);

    /// <summary>True when holiday data for <paramref name="year"/> is loaded.</summary>
    public bool HasYear(int year) => years.ContainsKey(year);

    /// <summary>The years touched by [<paramref name="from"/>, <paramref name="to"/>] (inclusive) with no data.</summary>
    public IReadOnlyList<int> MissingYears(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return [];
        }

        var missing = new List<int>();
        for (var y = from.Year; y <= to.Year; y++)
        {
            if (!HasYear(y))
            {
                missing.Add(y);
            }
        }

        return missing;
    }

    /// <summary>The holiday or cuti bersama on <paramref name="date"/>, if any (weekends are not listed).</summary>
    public Holiday? HolidayOn(DateOnly date) => holidays.GetValueOrDefault(date);

    /// <summary>Monday–Friday and not a listed holiday or cuti bersama.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.ContainsKey(date);

    /// <summary>
    /// The end of the <paramref name="workingDays"/>-th working day after the local day of
    /// <paramref name="eventTime"/> (that day itself never counts, even if it is a working day), i.e. the local
    /// midnight that starts the following calendar day, in the zone's offset.
    /// </summary>
    public DateTimeOffset DeadlineAfter(DateTimeOffset eventTime, int workingDays, AgencyZone zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        var day = IndonesianZones.LocalDate(eventTime, zone);
        var counted = 0;
        for (var walked = 0; walked < MaxDaysWalked; walked++)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day) && ++counted == workingDays)
            {
                return IndonesianZones.StartOfDay(day.AddDays(1), zone);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(workingDays), workingDays, "The deadline lies more than 20 years ahead.");
    }

    /// <summary>
    /// The overlap of [<paramref name="from"/>, <paramref name="to"/>) with the local days of the zone that are
    /// working days (each counting its full 24 hours). Zero when <paramref name="to"/> &lt;= <paramref name="from"/>.
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to, AgencyZone zone)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var day = IndonesianZones.LocalDate(from, zone);
        var lastDay = IndonesianZones.LocalDate(to, zone);
        var dayStart = IndonesianZones.StartOfDay(day, zone);
        while (day <= lastDay)
        {
            var next = day.AddDays(1);
            var dayEnd = IndonesianZones.StartOfDay(next, zone);
            if (IsWorkingDay(day))
            {
                var start = from > dayStart ? from : dayStart;
                var end = to < dayEnd ? to : dayEnd;
                if (end > start)
                {
                    total += end - start;
                }
            }

            day = next;
            dayStart = dayEnd;
        }

        return total;
    }

    /// <summary>
    /// The earliest instant t with <c>WorkingTimeBetween(from, t, zone) == workingTime</c>, in the zone's offset.
    /// Zero returns <paramref name="from"/>; a span that ends exactly at the end of a working day returns that
    /// day's end (local midnight), not the start of the next working day.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan workingTime, AgencyZone zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);
        if (workingTime == TimeSpan.Zero)
        {
            return IndonesianZones.ToLocal(from, zone);
        }

        var remaining = workingTime;
        var cursor = from;
        var day = IndonesianZones.LocalDate(from, zone);
        for (var walked = 0; walked < MaxDaysWalked; walked++)
        {
            var next = day.AddDays(1);
            var dayEnd = IndonesianZones.StartOfDay(next, zone);
            if (IsWorkingDay(day))
            {
                var available = dayEnd - cursor;
                if (remaining <= available)
                {
                    return IndonesianZones.ToLocal(cursor + remaining, zone);
                }

                remaining -= available;
            }

            cursor = dayEnd;
            day = next;
        }

        throw new ArgumentOutOfRangeException(nameof(workingTime), workingTime, "The result lies more than 20 years ahead.");
    }
}
