using Lapor.Domain.Calendar;
using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Calendar;

public class WorkingCalendarTests
{
    [Fact]
    public void Worked_example_routed_Friday_13_March_2026_with_5_hk_is_due_at_end_of_Friday_27_March_WIB()
    {
        var due = Cal.DeadlineAfter(At("2026-03-13T10:00:00+07:00"), 5, AgencyZone.Wib);

        Assert.Equal(At("2026-03-28T00:00:00+07:00"), due);
        Assert.Equal(TimeSpan.FromHours(7), due.Offset);
    }

    [Theory]
    // Worked example and its variations around Nyepi/Idulfitri 2026.
    [InlineData("2026-03-13T10:00:00+07:00", 5, "2026-03-28T00:00:00+07:00")]
    [InlineData("2026-03-13T00:00:00+07:00", 5, "2026-03-28T00:00:00+07:00")]
    [InlineData("2026-03-13T23:59:59+07:00", 5, "2026-03-28T00:00:00+07:00")]
    // Event on a Saturday / Sunday: counting starts on Monday.
    [InlineData("2026-03-14T09:00:00+07:00", 5, "2026-03-28T00:00:00+07:00")]
    [InlineData("2026-03-15T22:00:00+07:00", 1, "2026-03-17T00:00:00+07:00")]
    // The event's own day never counts, even at midnight of a working day.
    [InlineData("2026-03-16T00:00:00+07:00", 1, "2026-03-18T00:00:00+07:00")]
    [InlineData("2026-03-17T08:00:00+07:00", 1, "2026-03-26T00:00:00+07:00")]
    // Event on cuti bersama / on a national holiday.
    [InlineData("2026-03-18T12:00:00+07:00", 1, "2026-03-26T00:00:00+07:00")]
    [InlineData("2026-03-19T12:00:00+07:00", 3, "2026-03-28T00:00:00+07:00")]
    // Verification 3 hk from Thursday 12 March: 13, 16, 17.
    [InlineData("2026-03-12T09:00:00+07:00", 3, "2026-03-18T00:00:00+07:00")]
    // Late at night on a working day.
    [InlineData("2026-03-12T23:59:59.999+07:00", 1, "2026-03-14T00:00:00+07:00")]
    // Idulfitri 2025: 28 C, 29 H(Sat), 31 H, 1 H, 2-4 C, 7 C → 8, 9, 10 April.
    [InlineData("2025-03-27T15:00:00+07:00", 3, "2025-04-11T00:00:00+07:00")]
    // Year boundary 2025→2026: 25 Dec H, 26 Dec C, 1 Jan H → 24, 29, 30, 31 Dec, 2 Jan.
    [InlineData("2025-12-23T11:00:00+07:00", 5, "2026-01-03T00:00:00+07:00")]
    [InlineData("2025-12-31T11:00:00+07:00", 1, "2026-01-03T00:00:00+07:00")]
    // Christmas 2026: 24 Dec C, 25 Dec H.
    [InlineData("2026-12-21T11:00:00+07:00", 5, "2026-12-31T00:00:00+07:00")]
    // Into 2027 (no data): 1 Jan 2027 is a Friday and, unknown, counts as a working day.
    [InlineData("2026-12-31T11:00:00+07:00", 2, "2027-01-05T00:00:00+07:00")]
    // Wholly inside 2027: weekends only.
    [InlineData("2027-03-01T10:00:00+07:00", 5, "2027-03-09T00:00:00+07:00")]
    // Supervisory 60 hk from 2 Jan 2026 (skips 16 Jan, 16-17 Feb, 18-24 Mar, 3 Apr): end of Thu 9 Apr.
    [InlineData("2026-01-02T10:00:00+07:00", 60, "2026-04-10T00:00:00+07:00")]
    public void DeadlineAfter_ends_at_local_midnight_after_the_Nth_working_day(string eventTime, int workingDays, string expected)
    {
        Assert.Equal(At(expected), Cal.DeadlineAfter(At(eventTime), workingDays, AgencyZone.Wib));
    }

    [Theory]
    // 2026-03-12T16:30Z is Thu 23:30 WIB, Fri 00:30 WITA, Fri 01:30 WIT.
    [InlineData(AgencyZone.Wib, "2026-03-14T00:00:00+07:00", 7)]
    [InlineData(AgencyZone.Wita, "2026-03-17T00:00:00+08:00", 8)]
    [InlineData(AgencyZone.Wit, "2026-03-17T00:00:00+09:00", 9)]
    public void The_same_UTC_instant_is_a_different_local_day_per_zone(AgencyZone zone, string expected, int offsetHours)
    {
        var due = Cal.DeadlineAfter(At("2026-03-12T16:30:00Z"), 1, zone);

        Assert.Equal(At(expected), due);
        Assert.Equal(TimeSpan.FromHours(offsetHours), due.Offset);
    }

    [Theory]
    [InlineData(AgencyZone.Wib, "2026-03-27T17:00:00Z")]
    [InlineData(AgencyZone.Wita, "2026-03-27T16:00:00Z")]
    [InlineData(AgencyZone.Wit, "2026-03-27T15:00:00Z")]
    public void The_end_of_the_same_local_day_is_earlier_in_UTC_further_east(AgencyZone zone, string expectedUtc)
    {
        var due = Cal.DeadlineAfter(At("2026-03-13T03:00:00Z"), 5, zone);

        Assert.Equal(At(expectedUtc), due);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void DeadlineAfter_rejects_fewer_than_one_working_day(int workingDays)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Cal.DeadlineAfter(At("2026-03-13T10:00:00+07:00"), workingDays, AgencyZone.Wib));
    }

    [Theory]
    [MemberData(nameof(TestData.Listed2026), MemberType = typeof(TestData))]
    public void Every_2026_holiday_and_cuti_bersama_falls_on_the_stated_weekday_and_is_not_a_working_day(
        string date, DayOfWeek weekday, HolidayKind kind)
    {
        var day = Day(date);

        Assert.Equal(weekday, day.DayOfWeek);
        Assert.False(Cal.IsWorkingDay(day));
        Assert.Equal(kind, Cal.HolidayOn(day)?.Kind);
    }

    [Theory]
    [MemberData(nameof(TestData.ListedAll), MemberType = typeof(TestData))]
    public void Every_listed_day_is_in_the_calendar_with_its_kind_and_an_Indonesian_name(string date, HolidayKind kind)
    {
        var holiday = Cal.HolidayOn(Day(date));

        Assert.NotNull(holiday);
        Assert.Equal(kind, holiday.Kind);
        Assert.False(string.IsNullOrWhiteSpace(holiday.Name));
        if (kind == HolidayKind.CutiBersama)
        {
            Assert.StartsWith("Cuti Bersama", holiday.Name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestData.ListedWeekdays), MemberType = typeof(TestData))]
    public void Every_listed_weekday_is_skipped_by_deadlines_and_has_no_working_time(string date)
    {
        var day = Day(date);
        foreach (var zone in IndonesianZones.All)
        {
            var dayBefore = IndonesianZones.StartOfDay(day.AddDays(-1), zone).AddHours(12);
            var due = Cal.DeadlineAfter(dayBefore, 1, zone);

            Assert.True(due > IndonesianZones.StartOfDay(day.AddDays(1), zone), $"{date} counted in {zone}");
            Assert.Equal(TimeSpan.Zero, Cal.WorkingTimeBetween(
                IndonesianZones.StartOfDay(day, zone), IndonesianZones.StartOfDay(day.AddDays(1), zone), zone));
        }
    }

    [Fact]
    public void The_2026_calendar_has_exactly_17_holidays_and_8_cuti_bersama_and_2025_has_17_and_11()
    {
        var y2026 = Cal.GetYear(2026)!;
        var y2025 = Cal.GetYear(2025)!;

        Assert.Equal(17, y2026.Days.Count(d => d.Kind == HolidayKind.NationalHoliday));
        Assert.Equal(8, y2026.Days.Count(d => d.Kind == HolidayKind.CutiBersama));
        Assert.Equal(17, y2025.Days.Count(d => d.Kind == HolidayKind.NationalHoliday));
        Assert.Equal(11, y2025.Days.Count(d => d.Kind == HolidayKind.CutiBersama));
        Assert.Equal(Days2026.Select(d => Day(d.Date)).Order(), y2026.Days.Select(d => d.Date));
        Assert.Equal(Days2025.Select(d => Day(d.Date)).Order(), y2025.Days.Select(d => d.Date));
    }

    [Theory]
    [InlineData("2026-03-07")] // Saturday
    [InlineData("2026-03-08")] // Sunday
    [InlineData("2025-12-27")]
    [InlineData("2025-12-28")]
    [InlineData("2024-06-01")] // no data: weekends still count
    [InlineData("2027-01-02")]
    [InlineData("2027-01-03")]
    [InlineData("2030-12-29")]
    public void Weekends_are_never_working_days_with_or_without_data(string date)
    {
        Assert.False(Cal.IsWorkingDay(Day(date)));
        Assert.False(WorkingCalendar.Empty.IsWorkingDay(Day(date)));
    }

    [Theory]
    [InlineData("2026-03-13")]
    [InlineData("2026-03-25")]
    [InlineData("2026-12-31")]
    [InlineData("2025-12-24")]
    [InlineData("2027-01-01")] // no 2027 data: never guessed, so a Friday counts
    [InlineData("2027-08-17")]
    [InlineData("2024-12-25")]
    public void Ordinary_weekdays_and_weekdays_of_years_without_data_are_working_days(string date)
    {
        Assert.True(Cal.IsWorkingDay(Day(date)));
    }

    [Theory]
    [InlineData("2025-06-01", "2027-02-01", new[] { 2027 })]
    [InlineData("2024-01-01", "2028-01-01", new[] { 2024, 2027, 2028 })]
    [InlineData("2025-01-01", "2026-12-31", new int[0])]
    [InlineData("2027-05-01", "2027-05-02", new[] { 2027 })]
    [InlineData("2026-05-01", "2026-04-01", new int[0])]
    public void MissingYears_lists_the_years_in_range_without_data(string from, string to, int[] expected)
    {
        Assert.Equal(expected, Cal.MissingYears(Day(from), Day(to)));
    }

    [Fact]
    public void An_event_in_2027_skips_only_weekends_and_reports_2027_missing()
    {
        var start = At("2027-04-01T09:00:00+07:00"); // Thursday
        var due = Cal.DeadlineAfter(start, 5, AgencyZone.Wib);

        Assert.Equal(At("2027-04-09T00:00:00+07:00"), due); // 2, 5, 6, 7, 8 April
        Assert.False(Cal.HasYear(2027));
        Assert.True(Cal.HasYear(2026));
        Assert.Equal([2027], Cal.MissingYears(DateOnly.FromDateTime(start.DateTime), DateOnly.FromDateTime(due.DateTime)));
    }

    [Theory]
    [InlineData("2026-03-13T12:00:00+07:00", "2026-03-16T12:00:00+07:00", AgencyZone.Wib, 24.0)]
    [InlineData("2026-03-16T00:00:00+07:00", "2026-03-23T00:00:00+07:00", AgencyZone.Wib, 48.0)]
    [InlineData("2026-03-12T16:30:00Z", "2026-03-13T16:30:00Z", AgencyZone.Wib, 24.0)]
    [InlineData("2026-03-12T16:30:00Z", "2026-03-13T16:30:00Z", AgencyZone.Wit, 22.5)]
    [InlineData("2026-03-12T16:30:00Z", "2026-03-13T16:30:00Z", AgencyZone.Wita, 23.5)]
    [InlineData("2026-03-14T00:00:00+07:00", "2026-03-16T00:00:00+07:00", AgencyZone.Wib, 0.0)]
    [InlineData("2026-03-13T10:00:00+07:00", "2026-03-28T00:00:00+07:00", AgencyZone.Wib, 134.0)]
    [InlineData("2025-12-24T00:00:00+07:00", "2026-01-03T00:00:00+07:00", AgencyZone.Wib, 120.0)]
    [InlineData("2026-03-16T10:00:00+07:00", "2026-03-16T10:00:00+07:00", AgencyZone.Wib, 0.0)]
    [InlineData("2026-03-16T10:00:00+07:00", "2026-03-16T09:00:00+07:00", AgencyZone.Wib, 0.0)]
    public void WorkingTimeBetween_counts_only_the_local_working_days(string from, string to, AgencyZone zone, double hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), Cal.WorkingTimeBetween(At(from), At(to), zone));
    }

    [Theory]
    [InlineData("2026-03-14T10:00:00+07:00", 1.0, "2026-03-16T01:00:00+07:00")]
    [InlineData("2026-03-13T22:00:00+07:00", 4.0, "2026-03-16T02:00:00+07:00")]
    [InlineData("2026-03-17T12:00:00+07:00", 24.0, "2026-03-25T12:00:00+07:00")]
    [InlineData("2026-03-13T00:00:00+07:00", 24.0, "2026-03-14T00:00:00+07:00")] // ends at day end, not Monday 00:00
    [InlineData("2026-03-14T10:00:00+07:00", 0.0, "2026-03-14T10:00:00+07:00")]
    [InlineData("2025-12-31T12:00:00+07:00", 36.0, "2026-01-03T00:00:00+07:00")]
    public void AddWorkingTime_returns_the_earliest_instant_with_that_working_time(string from, double hours, string expected)
    {
        var result = Cal.AddWorkingTime(At(from), TimeSpan.FromHours(hours), AgencyZone.Wib);

        Assert.Equal(At(expected), result);
        Assert.Equal(TimeSpan.FromHours(7), result.Offset);
    }

    [Fact]
    public void AddWorkingTime_rejects_negative_time_and_spans_beyond_twenty_years()
    {
        var from = At("2026-03-13T10:00:00+07:00");

        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.AddWorkingTime(from, TimeSpan.FromTicks(-1), AgencyZone.Wib));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.AddWorkingTime(from, TimeSpan.FromDays(366 * 20), AgencyZone.Wib));
    }

    [Fact]
    public void WorkingTimeBetween_and_AddWorkingTime_are_inverse_over_many_generated_instants()
    {
        var random = new Random(20260313);
        var lo = At("2024-11-01T00:00:00Z").UtcTicks;
        var hi = At("2027-03-01T00:00:00Z").UtcTicks;
        for (var i = 0; i < 3000; i++)
        {
            var zone = IndonesianZones.All[random.Next(3)];
            var from = new DateTimeOffset(random.NextInt64(lo, hi), TimeSpan.Zero);
            // Whole days, whole hours or arbitrary ticks, up to ~60 working days.
            var working = (i % 3) switch
            {
                0 => TimeSpan.FromDays(random.Next(0, 61)),
                1 => TimeSpan.FromHours(random.Next(0, 61 * 24)),
                _ => TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.FromDays(61).Ticks)),
            };

            var t = Cal.AddWorkingTime(from, working, zone);
            Assert.True(t >= from);
            Assert.Equal(working, Cal.WorkingTimeBetween(from, t, zone));
            Assert.Equal(IndonesianZones.Offset(zone), t.Offset);

            // The other direction: any instant x maps back to the earliest instant with the same working time.
            var x = from + TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.FromDays(90).Ticks));
            var back = Cal.AddWorkingTime(from, Cal.WorkingTimeBetween(from, x, zone), zone);
            Assert.True(back <= x);
            Assert.Equal(TimeSpan.Zero, Cal.WorkingTimeBetween(back, x, zone));
            var local = IndonesianZones.ToLocal(x, zone);
            if (Cal.IsWorkingDay(DateOnly.FromDateTime(local.DateTime)) && local.TimeOfDay != TimeSpan.Zero)
            {
                Assert.Equal(x, back);
            }
        }
    }

    [Fact]
    public void DeadlineAfter_equals_AddWorkingTime_of_N_whole_days_from_the_next_midnight()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var zone = IndonesianZones.All[random.Next(3)];
            var start = At("2025-01-01T00:00:00Z").AddMinutes(random.Next(0, 2 * 366 * 24 * 60));
            var n = random.Next(1, 61);
            var nextMidnight = IndonesianZones.StartOfDay(IndonesianZones.LocalDate(start, zone).AddDays(1), zone);

            Assert.Equal(
                Cal.AddWorkingTime(nextMidnight, TimeSpan.FromDays(n), zone),
                Cal.DeadlineAfter(start, n, zone));
        }
    }

    [Fact]
    public void Constructor_rejects_a_year_given_twice_and_a_day_outside_its_year()
    {
        var y = Cal.GetYear(2026)!;
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([y, y]));
        var stray = y with { Days = [new Holiday(Day("2025-05-05"), HolidayKind.NationalHoliday, "x")] };
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([stray]));
    }

    [Fact]
    public void WithYear_replaces_the_data_of_that_year_and_keeps_the_others()
    {
        var extra = new HolidayYear(2026, [new Holiday(Day("2026-03-10"), HolidayKind.NationalHoliday, "Hari Tambahan")], "Uji");
        var replaced = Cal.WithYear(extra);

        Assert.False(replaced.IsWorkingDay(Day("2026-03-10")));
        Assert.True(replaced.IsWorkingDay(Day("2026-03-19")));
        Assert.False(replaced.IsWorkingDay(Day("2025-12-25")));
        Assert.True(Cal.IsWorkingDay(Day("2026-03-10"))); // the original is unchanged
        Assert.Equal([2025, 2026], replaced.Years);
    }
}
