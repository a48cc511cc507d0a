using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Tests.Monev;

/// <summary>Pure: histograms that merge with a sign, read plans, grouping and the backlog's age classes.</summary>
public sealed class MonevRollupTests
{
    private static (int Median, int P90, long Count, long Sum, string Values) Brute(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        int Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length), 1, sorted.Length) - 1];
        var grouped = string.Join(",", sorted.GroupBy(v => v).Select(g => $"{g.Key}:{g.Count()}"));
        return (Rank(0.5), Rank(0.9), sorted.Length, sorted.Sum(v => (long)v), grouped);
    }

    [Theory]
    [InlineData(2, 50, 40)]        // two runs: merged run by run
    [InlineData(12, 400, 3_000)]   // a year of months: summed densely
    [InlineData(12, 400, 5_000_000)] // values too far apart for a dense sum: run by run
    public void Summing_many_histograms_equals_counting_every_value(int histograms, int valuesEach, int spread)
    {
        var random = new Random(histograms * spread);
        var all = new List<int>();
        var parts = new List<MinuteHistogram>();
        for (var i = 0; i < histograms; i++)
        {
            var h = new MinuteHistogram();
            for (var j = 0; j < valuesEach; j++)
            {
                var v = random.Next(spread);
                h.Add(v);
                all.Add(v);
            }

            parts.Add(h);
        }

        // Twice: the dense sum's buffer is reused and must come back clean.
        for (var round = 0; round < 2; round++)
        {
            var total = new MinuteHistogram();
            parts.ForEach(h => total.Merge(h));
            Assert.Equal(Brute(all), Of(total));
        }
    }

    [Fact]
    public void Subtracting_what_was_added_leaves_exactly_the_rest_and_no_zero_entries()
    {
        var random = new Random(7);
        var kept = Enumerable.Range(0, 300).Select(_ => random.Next(2_000)).ToList();
        var removed = Enumerable.Range(0, 300).Select(_ => random.Next(2_000)).ToList();
        var h = new MinuteHistogram();
        var gone = new MinuteHistogram();
        kept.Concat(removed).ToList().ForEach(v => h.Add(v));
        removed.ForEach(v => gone.Add(v));

        h.Merge(gone, -1);
        Assert.Equal(Brute(kept), Of(h));
        Assert.DoesNotContain(h.Values(), v => v.Times == 0);

        var figures = new MonevFigures();
        var fact = new MonevFact(MonevFactKind.Received, DateTimeOffset.UnixEpoch, AgencyZone.Wib) { Category = "kesehatan" };
        figures.Apply(fact);
        var negated = new MonevFigures();
        negated.Merge(figures, -1);
        figures.Merge(negated);
        Assert.True(figures.IsZero);
        Assert.Empty(figures.Categories);
    }

    [Fact]
    public void A_shared_histogram_is_never_changed_by_merging_it_elsewhere()
    {
        var shared = new MinuteHistogram();
        shared.Add(5);
        shared.Add(9, 3);
        shared.Normalize();
        var before = Of(shared);
        var a = new MinuteHistogram();
        a.Merge(shared);        // shares the arrays
        a.Add(1);
        a.Merge(shared, -1);
        var b = new MinuteHistogram();
        b.Add(100);
        b.Merge(shared);
        _ = a.Percentile(0.5);
        _ = b.Percentile(0.5);
        Assert.Equal(before, Of(shared));
        Assert.Equal("1:1", string.Join(",", a.Values().Select(v => $"{v.Minutes}:{v.Times}")));
    }

    [Theory]
    [InlineData(MonevPeriod.Month, "2026-01-01", "2026-12-31", 12, 0)]
    [InlineData(MonevPeriod.Year, "2026-01-01", "2026-12-31", 12, 0)]
    [InlineData(MonevPeriod.Quarter, "2026-02-14", "2026-09-03", 6, 2)]
    [InlineData(MonevPeriod.Month, "2026-03-05", "2026-03-20", 0, 1)]
    [InlineData(MonevPeriod.Day, "2026-01-01", "2026-03-31", 0, 1)]
    public void A_read_plan_takes_whole_months_from_month_rows_and_only_the_edges_from_days(MonevPeriod period, string from, string to,
        int months, int dayRanges)
    {
        var query = new MonevQuery(period, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        var plan = MonevRollup.Plan(query);
        Assert.Equal(months, plan.Months.Length);
        Assert.Equal(dayRanges, plan.DayRanges.Length);

        // Every day of the range is covered exactly once, by a month row or a day range.
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            var byMonth = plan.Months.Contains(new DateOnly(day.Year, day.Month, 1).DayNumber);
            Assert.True(byMonth ^ plan.NeedsDay(day.DayNumber), day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Grouping_month_and_day_rows_equals_grouping_the_days_themselves()
    {
        var random = new Random(3);
        var days = new Dictionary<int, MonevFigures>();
        for (var date = new DateOnly(2026, 1, 1); date.Year == 2026; date = date.AddDays(1))
        {
            var f = new MonevFigures();
            for (var i = random.Next(3); i > 0; i--)
            {
                f.Apply(new MonevFact(MonevFactKind.FirstResponse, DateTimeOffset.UnixEpoch, AgencyZone.Wib)
                {
                    ElapsedMinutes = random.Next(5_000),
                    WorkingMinutes = random.Next(2_000),
                });
            }

            days[date.DayNumber] = f;
        }

        foreach (var query in new[]
        {
            new MonevQuery(MonevPeriod.Month, new DateOnly(2026, 2, 10), new DateOnly(2026, 11, 3)),
            new MonevQuery(MonevPeriod.Quarter, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            new MonevQuery(MonevPeriod.Year, new DateOnly(2026, 3, 1), new DateOnly(2026, 8, 31)),
        })
        {
            var plan = MonevRollup.Plan(query);
            var monthRows = plan.Months.ToDictionary(m => m, m =>
            {
                var sum = new MonevFigures();
                foreach (var (day, f) in days.Where(d => MonevRollup.MonthOf(d.Key) == m))
                {
                    sum.Merge(f);
                }

                return sum;
            });
            var dayRows = days.Where(d => plan.NeedsDay(d.Key)).ToDictionary(d => d.Key, d => d.Value);
            var grouped = MonevRollup.Group(monthRows, dayRows, query);
            var expected = MonevFacts.Group(days, query);
            Assert.Equal(expected.Select(b => (b.Key, Of(b.Figures.FirstResponseMinutes), Of(b.Figures.ResolutionWorkingMinutes).Count)),
                grouped.Select(b => (b.Key, Of(b.Figures.FirstResponseMinutes), Of(b.Figures.ResolutionWorkingMinutes).Count)));
        }
    }

    private static (int Median, int P90, long Count, long Sum, string Values) Of(MinuteHistogram h) =>
        h.Count == 0 ? (0, 0, 0, 0, "") : (h.Percentile(0.5)!.Value, h.Percentile(0.9)!.Value, h.Count, h.Sum,
            string.Join(",", h.Values().Select(v => $"{v.Minutes}:{v.Times}")));

    [Fact]
    public void Backlog_ages_are_whole_local_days_in_the_viewers_zone()
    {
        // 1 June 2026, 00:30 WIT = 31 May 15:30 UTC = 31 May 22:30 WIB.
        var now = new DateTimeOffset(2026, 5, 31, 15, 30, 0, TimeSpan.Zero);
        int Hour(int year, int month, int day, int hour, AgencyZone zone) =>
            MonevRollup.Hour(new DateTimeOffset(year, month, day, hour, 0, 0, IndonesianZones.Offset(zone)));
        var lines = new Dictionary<int, long>
        {
            [Hour(2026, 5, 29, 8, AgencyZone.Wit)] = 1,   // 3 WIT days old, 2 WIB days old
            [Hour(2026, 5, 28, 8, AgencyZone.Wit)] = 2,   // 4 WIT days old, 3 WIB days old
            [Hour(2026, 5, 1, 8, AgencyZone.Wib)] = 4,    // 30 / 31 days old
            [Hour(2026, 4, 30, 8, AgencyZone.Wib)] = 8,   // 31 / 32 days old
        };
        Assert.Equal(new MonevBacklog(1, 2, 0, 0, 12), MonevRollup.Backlog(lines, now, AgencyZone.Wit));
        Assert.Equal(new MonevBacklog(3, 0, 0, 4, 8), MonevRollup.Backlog(lines, now, AgencyZone.Wib));
    }
}
