using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Monev;

/// <summary>Pure monev functions: measuring facts, bucketing them by local date, and grouping buckets into periods.</summary>
public static class MonevFacts
{
    /// <summary>Fills the elapsed wall-clock and working minutes of a fact that measures a duration.</summary>
    public static MonevFact Measure(MonevFact fact, WorkingCalendar calendar) => fact.Since is { } since
        ? fact with
        {
            ElapsedMinutes = (int)Math.Floor((fact.At - since).TotalMinutes),
            WorkingMinutes = (int)Math.Floor(calendar.WorkingTimeBetween(since, fact.At, fact.Zone).TotalMinutes),
        }
        : fact;

    /// <summary>Whether a step was done in time: its clock never escalated or ran out, and the due time is not past.</summary>
    public static bool WithinSla(DeadlineClock? clock, DateTimeOffset now) =>
        clock is { Escalations: 0, Exhausted: false } && now <= clock.DueAt;

    /// <summary>The period bucket of a fact: its local date in the agency's zone.</summary>
    public static DateOnly Day(MonevFact fact) => IndonesianZones.LocalDate(fact.At, fact.Zone);

    /// <summary>The complaint's journal for one agency (or all agencies), re-measured with the current calendar.</summary>
    public static ImmutableArray<MonevJournalEntry> Journal(ComplaintState s, string? agencyId, WorkingCalendar calendar) =>
        [.. s.MonevJournal.Where(e => agencyId is null || e.AgencyId == agencyId).Select(e => e with { Fact = Measure(e.Fact, calendar) })];

    public static DateOnly PeriodStart(DateOnly day, MonevPeriod period) => period switch
    {
        MonevPeriod.Day => day,
        MonevPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        MonevPeriod.Quarter => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
        _ => new DateOnly(day.Year, 1, 1),
    };

    public static DateOnly NextPeriod(DateOnly start, MonevPeriod period) => period switch
    {
        MonevPeriod.Day => start.AddDays(1),
        MonevPeriod.Month => start.AddMonths(1),
        MonevPeriod.Quarter => start.AddMonths(3),
        _ => start.AddYears(1),
    };

    public static string PeriodKey(DateOnly start, MonevPeriod period) => period switch
    {
        MonevPeriod.Day => start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        MonevPeriod.Month => start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        MonevPeriod.Quarter => $"{start.Year}-Q{((start.Month - 1) / 3) + 1}",
        _ => start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Every period of the query, in order, each with the sum of the day buckets inside it (empty ones too).</summary>
    public static ImmutableArray<MonevBucket> Group(IReadOnlyDictionary<int, MonevFigures> days, MonevQuery query)
    {
        var buckets = ImmutableArray.CreateBuilder<MonevBucket>();
        for (var start = PeriodStart(query.From, query.Period); start <= query.To; start = NextPeriod(start, query.Period))
        {
            var end = NextPeriod(start, query.Period);
            var figures = new MonevFigures();
            var first = Math.Max(start.DayNumber, query.From.DayNumber);
            var last = Math.Min(end.DayNumber - 1, query.To.DayNumber);
            if (last - first < days.Count)
            {
                for (var day = first; day <= last; day++)
                {
                    if (days.TryGetValue(day, out var f))
                    {
                        figures.Merge(f);
                    }
                }
            }
            else
            {
                foreach (var (day, f) in days)
                {
                    if (day >= first && day <= last)
                    {
                        figures.Merge(f);
                    }
                }
            }

            buckets.Add(new MonevBucket(PeriodKey(start, query.Period), start, figures));
        }

        return buckets.ToImmutable();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MonevReport, MonevFigures> Totals = [];

    /// <summary>
    /// The sum of a report's buckets (its whole range), computed once per report instance: an agency serves the same
    /// report to every reader until its next change, so the total is summed once, not per request. Read only.
    /// </summary>
    public static MonevFigures Total(MonevReport report) => Totals.GetValue(report, static r =>
    {
        var total = new MonevFigures();
        foreach (var bucket in r.Buckets)
        {
            total.Merge(bucket.Figures);
        }

        total.Normalize();
        return total;
    });

    /// <summary>Merges reports of the same query bucket by bucket (roll-up).</summary>
    public static ImmutableArray<MonevBucket> Merge(ImmutableArray<MonevBucket> into, ImmutableArray<MonevBucket> add)
    {
        var result = ImmutableArray.CreateBuilder<MonevBucket>(into.Length);
        for (var i = 0; i < into.Length; i++)
        {
            var figures = into[i].Figures.Copy();
            figures.Merge(add[i].Figures);
            result.Add(into[i] with { Figures = figures });
        }

        return result.MoveToImmutable();
    }

    /// <summary>Active complaints by age in calendar days since submission.</summary>
    public static MonevBacklog Backlog(IEnumerable<InboxItem> items, DateTimeOffset now)
    {
        long a = 0, b = 0, c = 0, d = 0, e = 0;
        foreach (var item in items)
        {
            var days = (now - item.SubmittedAt).TotalDays;
            _ = days switch
            {
                <= 3 => a++,
                <= 7 => b++,
                <= 14 => c++,
                <= 30 => d++,
                _ => e++,
            };
        }

        return new MonevBacklog(a, b, c, d, e);
    }

    internal static AgencyZone ZoneOf(Track track, string agencyId) =>
        track.Path.FirstOrDefault(n => n.AgencyId == agencyId)?.Zone ?? track.Path[0].Zone;
}
