using System.Collections.Immutable;
using Lapor.Domain.Calendar;

namespace Lapor.Domain.Monev;

/// <summary>
/// A change to a subtree's figures: day figures (each in the zone of the agency that counted them), active inbox lines
/// by hour of submission, and the number of agencies. An agency adds its own changes and its children's to its subtree
/// and hands the sum to its parent (docs/monev.md, "Roll-up"). Adding and subtracting deltas is exact.
/// </summary>
[GenerateSerializer, Alias("lapor.MonevDelta")]
public sealed class MonevDelta
{
    /// <summary>Local day (DayNumber) → figures to add.</summary>
    [Id(0)] public Dictionary<int, MonevFigures> Days { get; set; } = [];

    /// <summary>Hour of submission (UTC hours since 1970) → active inbox lines to add (negative: lines that left).</summary>
    [Id(1)] public Dictionary<int, long> Backlog { get; set; } = [];

    /// <summary>Agencies to add to the subtree (1 when an agency is created, its whole subtree's count when one moves).</summary>
    [Id(2)] public int Agencies { get; set; }

    public void AddFact(MonevFact fact)
    {
        var day = MonevFacts.Day(fact).DayNumber;
        if (!Days.TryGetValue(day, out var figures))
        {
            Days[day] = figures = new MonevFigures();
        }

        figures.Apply(fact);
    }

    public void AddLines(int hour, long lines)
    {
        var sum = Backlog.GetValueOrDefault(hour) + lines;
        if (sum == 0)
        {
            Backlog.Remove(hour);
        }
        else
        {
            Backlog[hour] = sum;
        }
    }

    public void Merge(MonevDelta other, int sign = 1)
    {
        foreach (var (day, figures) in other.Days)
        {
            if (!Days.TryGetValue(day, out var into))
            {
                Days[day] = into = new MonevFigures();
            }

            into.Merge(figures, sign);
            if (into.IsZero)
            {
                Days.Remove(day);
            }
        }

        foreach (var (hour, lines) in other.Backlog)
        {
            AddLines(hour, sign * lines);
        }

        Agencies += sign * other.Agencies;
    }

    public MonevDelta Negated()
    {
        var negated = new MonevDelta();
        negated.Merge(this, -1);
        return negated;
    }

    public bool IsEmpty => Agencies == 0 && Backlog.Count == 0 && Days.Values.All(f => f.IsZero);

    /// <summary>Brings every histogram into its final form, so that reading the delta never changes it again.</summary>
    public MonevDelta Normalized()
    {
        foreach (var figures in Days.Values)
        {
            figures.FirstResponseMinutes.Normalize();
            figures.FirstResponseWorkingMinutes.Normalize();
            figures.ResolutionMinutes.Normalize();
            figures.ResolutionWorkingMinutes.Normalize();
        }

        return this;
    }
}

/// <summary>One entry of an agency's roll-up outbox: its subtree delta number <see cref="Seq"/>, for its parent.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevPush")]
public sealed record MonevPush(
    [property: Id(0)] long Seq,
    /// <summary>Read only once sent: sender and receiver may share the instance.</summary>
    [property: Id(1)] MonevDelta Delta);

/// <summary>Which stored rows answer a query: whole months from month rows, the rest from day rows.</summary>
public sealed record MonevReadPlan(ImmutableArray<int> Months, ImmutableArray<(int From, int To)> DayRanges)
{
    public bool NeedsDay(int day) => DayRanges.Any(r => day >= r.From && day <= r.To);
}

/// <summary>Pure roll-up arithmetic: month keys, hours, read plans, grouping and the backlog by age.</summary>
public static class MonevRollup
{
    public const int Own = 0;
    public const int Subtree = 1;
    public const int DayPeriod = 0;
    public const int MonthPeriod = 1;

    /// <summary>First day (DayNumber) of the month of <paramref name="day"/>.</summary>
    public static int MonthOf(int day)
    {
        var date = DateOnly.FromDayNumber(day);
        return new DateOnly(date.Year, date.Month, 1).DayNumber;
    }

    /// <summary>UTC hours since 1970 (every Indonesian zone is a whole number of hours from UTC).</summary>
    public static int Hour(DateTimeOffset instant) => (int)Math.Floor(instant.ToUnixTimeSeconds() / 3600.0);

    /// <summary>
    /// The rows a query reads: every month wholly inside [From, To] comes from its month row, every other day (the
    /// ragged edges, or everything for a per-day query) from its day row. Periods are whole months or days, so each
    /// bucket is a sum of the rows inside it.
    /// </summary>
    public static MonevReadPlan Plan(MonevQuery query)
    {
        var from = query.From.DayNumber;
        var to = query.To.DayNumber;
        if (query.Period == MonevPeriod.Day)
        {
            return new MonevReadPlan([], [(from, to)]);
        }

        var months = ImmutableArray.CreateBuilder<int>();
        var firstFull = query.From.Day == 1 ? query.From : new DateOnly(query.From.Year, query.From.Month, 1).AddMonths(1);
        for (var month = firstFull; month.AddMonths(1).AddDays(-1) <= query.To; month = month.AddMonths(1))
        {
            months.Add(month.DayNumber);
        }

        if (months.Count == 0)
        {
            return new MonevReadPlan([], [(from, to)]);
        }

        var ranges = ImmutableArray.CreateBuilder<(int, int)>();
        if (from < months[0])
        {
            ranges.Add((from, months[0] - 1));
        }

        var afterLast = DateOnly.FromDayNumber(months[^1]).AddMonths(1).DayNumber;
        if (afterLast <= to)
        {
            ranges.Add((afterLast, to));
        }

        return new MonevReadPlan(months.ToImmutable(), ranges.ToImmutable());
    }

    /// <summary>
    /// Groups month rows and day rows read for <paramref name="query"/> by <see cref="Plan"/> into its buckets (every
    /// period of the query, empty ones too). A bucket that is exactly one stored row shares that row's figures.
    /// </summary>
    public static ImmutableArray<MonevBucket> Group(IReadOnlyDictionary<int, MonevFigures> months, IReadOnlyDictionary<int, MonevFigures> days,
        MonevQuery query)
    {
        var buckets = ImmutableArray.CreateBuilder<MonevBucket>();
        var parts = new List<MonevFigures>();
        for (var start = MonevFacts.PeriodStart(query.From, query.Period); start <= query.To; start = MonevFacts.NextPeriod(start, query.Period))
        {
            var end = MonevFacts.NextPeriod(start, query.Period);
            var first = Math.Max(start.DayNumber, query.From.DayNumber);
            var last = Math.Min(end.DayNumber - 1, query.To.DayNumber);
            parts.Clear();
            foreach (var (month, figures) in months)
            {
                if (month >= first && month <= last)
                {
                    parts.Add(figures);
                }
            }

            if (last - first < days.Count)
            {
                for (var day = first; day <= last; day++)
                {
                    if (days.TryGetValue(day, out var figures))
                    {
                        parts.Add(figures);
                    }
                }
            }
            else
            {
                parts.AddRange(days.Where(d => d.Key >= first && d.Key <= last).Select(d => d.Value));
            }

            MonevFigures sum;
            if (parts.Count == 1)
            {
                sum = parts[0];
            }
            else
            {
                sum = new MonevFigures();
                foreach (var part in parts)
                {
                    sum.Merge(part);
                }
            }

            buckets.Add(new MonevBucket(MonevFacts.PeriodKey(start, query.Period), start, sum));
        }

        return buckets.ToImmutable();
    }

    /// <summary>
    /// Hours that bound the backlog's age classes at <paramref name="now"/> in <paramref name="zone"/>: a line counts
    /// as N days old when it was submitted on the local day N days before today (today: 0). Returned: the first hour of
    /// the days 3, 7, 14 and 30 days ago; "up to 3 days" is everything from the first, "over 30" everything before the last.
    /// </summary>
    public static (int Day3, int Day7, int Day14, int Day30) BacklogBounds(DateTimeOffset now, AgencyZone zone)
    {
        var today = IndonesianZones.LocalDate(now, zone);
        int Start(int daysAgo) => Hour(IndonesianZones.StartOfDay(today.AddDays(-daysAgo), zone));
        return (Start(3), Start(7), Start(14), Start(30));
    }

    /// <summary>The backlog by age from active lines per hour of submission (the brute-force form of the stored query).</summary>
    public static MonevBacklog Backlog(IEnumerable<KeyValuePair<int, long>> linesByHour, DateTimeOffset now, AgencyZone zone)
    {
        var (d3, d7, d14, d30) = BacklogBounds(now, zone);
        long a = 0, b = 0, c = 0, d = 0, e = 0;
        foreach (var (hour, lines) in linesByHour)
        {
            if (hour >= d3)
            {
                a += lines;
            }
            else if (hour >= d7)
            {
                b += lines;
            }
            else if (hour >= d14)
            {
                c += lines;
            }
            else if (hour >= d30)
            {
                d += lines;
            }
            else
            {
                e += lines;
            }
        }

        return new MonevBacklog(a, b, c, d, e);
    }
}
