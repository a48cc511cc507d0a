using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;
using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Sla;

public class DeadlinesTests
{
    [Theory]
    [InlineData(5, SlaUnit.WorkingDays, "2026-03-13T10:00:00+07:00", AgencyZone.Wib, "2026-03-28T00:00:00+07:00")]
    // 16:30Z on Thu 12 Mar is already Fri 13 in WIT, so the 3 hk are 16, 17 and 25 March.
    [InlineData(3, SlaUnit.WorkingDays, "2026-03-12T16:30:00Z", AgencyZone.Wit, "2026-03-26T00:00:00+09:00")]
    [InlineData(48, SlaUnit.Hours, "2026-03-13T10:00:00+07:00", AgencyZone.Wib, "2026-03-15T10:00:00+07:00")]
    [InlineData(90, SlaUnit.Minutes, "2026-03-21T23:00:00+07:00", AgencyZone.Wib, "2026-03-22T00:30:00+07:00")]
    [InlineData(90, SlaUnit.Minutes, "2026-03-21T23:00:00Z", AgencyZone.Wita, "2026-03-22T08:30:00+08:00")]
    public void Due_uses_working_days_or_wall_clock_by_unit(int amount, SlaUnit unit, string start, AgencyZone zone, string expected)
    {
        var due = Deadlines.Due(new SlaLimit(amount, unit), At(start), zone, Cal);

        Assert.Equal(At(expected), due);
        Assert.Equal(At(expected).Offset, due.Offset);
    }

    [Theory]
    [InlineData(0, SlaUnit.WorkingDays)]
    [InlineData(-3, SlaUnit.WorkingDays)]
    [InlineData(0, SlaUnit.Hours)]
    [InlineData(0, SlaUnit.Minutes)]
    public void Due_rejects_an_amount_below_one(int amount, SlaUnit unit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Deadlines.Due(new SlaLimit(amount, unit), At("2026-03-13T10:00:00+07:00"), AgencyZone.Wib, Cal));
    }

    [Theory]
    // 5 hk routed Fri 13 Mar 10:00 WIB: working time 14 h (rest of Fri) + 5 × 24 h = 134 h.
    [InlineData("2026-03-13T10:00:00+07:00", 5, SlaUnit.WorkingDays, 0.5, "2026-03-25T05:00:00+07:00")]
    [InlineData("2026-03-13T10:00:00+07:00", 5, SlaUnit.WorkingDays, 0.75, "2026-03-26T14:30:00+07:00")]
    // Routed on a Saturday: 120 h of working time from Monday.
    [InlineData("2026-03-14T10:00:00+07:00", 5, SlaUnit.WorkingDays, 0.5, "2026-03-25T12:00:00+07:00")]
    [InlineData("2026-03-14T10:00:00+07:00", 5, SlaUnit.WorkingDays, 0.75, "2026-03-26T18:00:00+07:00")]
    // Wall clock: proportional, with Nyepi/weekends irrelevant.
    [InlineData("2026-03-19T10:00:00+07:00", 90, SlaUnit.Minutes, 0.5, "2026-03-19T10:45:00+07:00")]
    [InlineData("2026-03-19T10:00:00+07:00", 90, SlaUnit.Minutes, 0.75, "2026-03-19T11:07:30+07:00")]
    [InlineData("2026-03-21T10:00:00+07:00", 24, SlaUnit.Hours, 0.5, "2026-03-21T22:00:00+07:00")]
    // Rounded to the whole second: a third of a minute is 20 s.
    [InlineData("2026-03-19T10:00:00+07:00", 1, SlaUnit.Minutes, 0.3333, "2026-03-19T10:00:20+07:00")]
    [InlineData("2026-03-19T10:00:00.4+07:00", 1, SlaUnit.Minutes, 0.5, "2026-03-19T10:00:30+07:00")]
    public void PointAt_finds_the_warning_instant(string start, int amount, SlaUnit unit, double fraction, string expected)
    {
        var limit = new SlaLimit(amount, unit);
        var due = Deadlines.Due(limit, At(start), AgencyZone.Wib, Cal);

        var point = Deadlines.PointAt(limit, At(start), due, fraction, AgencyZone.Wib, Cal);

        Assert.Equal(At(expected), point);
        Assert.Equal(0, point.UtcTicks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void PointAt_returns_start_at_zero_and_due_at_one_and_rejects_fractions_outside_0_to_1()
    {
        var limit = SlaLimit.WorkingDays(5);
        var start = At("2026-03-13T10:00:00.123+07:00");
        var due = Deadlines.Due(limit, start, AgencyZone.Wib, Cal);

        Assert.Equal(start, Deadlines.PointAt(limit, start, due, 0, AgencyZone.Wib, Cal));
        Assert.Equal(due, Deadlines.PointAt(limit, start, due, 1, AgencyZone.Wib, Cal));
        foreach (var bad in new[] { -0.01, 1.01, double.NaN, double.PositiveInfinity })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Deadlines.PointAt(limit, start, due, bad, AgencyZone.Wib, Cal));
        }
    }

    [Fact]
    public void PointAt_is_monotonic_and_the_working_time_elapsed_matches_the_fraction()
    {
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var zone = (AgencyZone)random.Next(3);
            var start = At("2025-01-01T00:00:00Z").AddSeconds(random.Next(0, 2 * 365 * 24 * 3600));
            var limit = SlaLimit.WorkingDays(random.Next(1, 61));
            var due = Deadlines.Due(limit, start, zone, Cal);
            var total = Cal.WorkingTimeBetween(start, due, zone);

            var half = Deadlines.PointAt(limit, start, due, 0.5, zone, Cal);
            var threeQuarters = Deadlines.PointAt(limit, start, due, 0.75, zone, Cal);

            Assert.True(start <= half && half <= threeQuarters && threeQuarters <= due);
            Assert.True((Cal.WorkingTimeBetween(start, half, zone) - total / 2).Duration() <= TimeSpan.FromSeconds(1));
            Assert.True((Cal.WorkingTimeBetween(start, threeQuarters, zone) - total * 0.75).Duration() <= TimeSpan.FromSeconds(1));
        }
    }

    [Theory]
    // 5 hk from Mon 2 Mar 2026 → due end of Mon 9 Mar. Paused Thu 5 Mar 12:00 with 2 whole working days still to run
    // after Thursday (Fri 6, Mon 9); resumed Mon 9 Mar 08:00 → the 2 working days after Monday: end of Wed 11 Mar.
    [InlineData("2026-03-05T12:00:00+07:00", "2026-03-09T08:00:00+07:00", "2026-03-12T00:00:00+07:00")]
    // Paused Fri 12:00 (Mon 9 still to run), resumed on Sunday: Monday is the next working day, due at its end.
    [InlineData("2026-03-06T12:00:00+07:00", "2026-03-08T15:00:00+07:00", "2026-03-10T00:00:00+07:00")]
    // Paused at the very start of Thu 5 Mar (Thursday unused: 3 days to run), resumed Saturday: end of Wed 11 Mar.
    [InlineData("2026-03-05T00:00:00+07:00", "2026-03-07T10:00:00+07:00", "2026-03-12T00:00:00+07:00")]
    // Paused Friday evening (1 day to run), resumed Wednesday 18 Mar (cuti bersama): next working day is 25 March.
    [InlineData("2026-03-06T18:00:00+07:00", "2026-03-18T09:00:00+07:00", "2026-03-26T00:00:00+07:00")]
    // Resumed immediately: the due instant does not move.
    [InlineData("2026-03-05T12:00:00+07:00", "2026-03-05T12:00:00+07:00", "2026-03-10T00:00:00+07:00")]
    // A hold within one working day moves nothing: the clock resumes on the day it stopped.
    [InlineData("2026-03-05T12:00:00+07:00", "2026-03-05T16:30:00+07:00", "2026-03-10T00:00:00+07:00")]
    // Paused on its last day (Mon 9), resumed Wed 11: due at the end of the resume's working day.
    [InlineData("2026-03-09T10:00:00+07:00", "2026-03-11T09:00:00+07:00", "2026-03-12T00:00:00+07:00")]
    // Paused after the due instant: nothing left, due at the resume instant (never back-dated).
    [InlineData("2026-03-10T09:00:00+07:00", "2026-03-12T09:00:00+07:00", "2026-03-12T09:00:00+07:00")]
    public void Resume_after_a_hold_counts_the_remaining_whole_working_days_from_the_resume_day(string pausedAt, string resumedAt, string expected)
    {
        var limit = SlaLimit.WorkingDays(5);
        var due = Deadlines.Due(limit, At("2026-03-02T09:00:00+07:00"), AgencyZone.Wib, Cal);
        Assert.Equal(At("2026-03-10T00:00:00+07:00"), due);

        var resumed = Deadlines.Resume(limit, At(pausedAt), due, At(resumedAt), AgencyZone.Wib, Cal);

        Assert.Equal(At(expected), resumed);
        Assert.Equal(TimeSpan.FromHours(7), resumed.Offset);
    }

    [Theory]
    [InlineData("2026-03-07T10:30:00+07:00", "2026-03-07T14:00:00+07:00", "2026-03-07T15:00:00+07:00")]
    [InlineData("2026-03-07T10:00:00+07:00", "2026-03-09T10:00:00+07:00", "2026-03-09T11:30:00+07:00")]
    [InlineData("2026-03-07T12:00:00+07:00", "2026-03-07T13:00:00+07:00", "2026-03-07T13:00:00+07:00")]
    public void Resume_of_a_wall_clock_limit_adds_the_remaining_wall_time(string pausedAt, string resumedAt, string expected)
    {
        var limit = SlaLimit.Minutes(90);
        var due = Deadlines.Due(limit, At("2026-03-07T10:00:00+07:00"), AgencyZone.Wib, Cal);

        Assert.Equal(At(expected), Deadlines.Resume(limit, At(pausedAt), due, At(resumedAt), AgencyZone.Wib, Cal));
    }

    [Fact]
    public void Resume_before_the_pause_is_rejected()
    {
        var limit = SlaLimit.WorkingDays(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadlines.Resume(
            limit, At("2026-03-05T12:00:00+07:00"), At("2026-03-10T00:00:00+07:00"), At("2026-03-05T11:00:00+07:00"), AgencyZone.Wib, Cal));
    }
}
