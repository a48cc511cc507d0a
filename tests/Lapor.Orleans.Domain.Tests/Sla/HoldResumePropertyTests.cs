using System.Globalization;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;

using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Sla;

/// <summary>
/// Hold semantics over generated cases (fixed seed, all three zones, 2025–2026 with their holidays): working-day
/// limits resume in whole working days with the due at the end of a working day; hour and minute limits keep their
/// exact remaining duration.
/// </summary>
public class HoldResumePropertyTests
{
    private const int Seed = 14;
    private const int Cases = 250;
    private static readonly DateTimeOffset From = At("2025-01-01T00:00:00Z");

    /// <summary>zone, start, amount, pausedAt, resumedAt — pauses before the due, holds from seconds to weeks.</summary>
    public static TheoryData<AgencyZone, string, int, string, string> WorkingDayHolds() => Generate(SlaUnit.WorkingDays);

    public static TheoryData<AgencyZone, string, int, string, string> WallClockHolds() => Generate(SlaUnit.Minutes);

    [Theory]
    [MemberData(nameof(WorkingDayHolds))]
    public void A_resumed_working_day_clock_keeps_its_remaining_whole_working_days_and_ends_at_the_end_of_a_working_day(
        AgencyZone zone, string start, int amount, string pausedAt, string resumedAt)
    {
        var limit = SlaLimit.WorkingDays(amount);
        var due = Deadlines.Due(limit, At(start), zone, Cal);
        var paused = At(pausedAt);
        var resumed = At(resumedAt);

        var newDue = Deadlines.Resume(limit, paused, due, resumed, zone, Cal);

        // The end of a working day: local midnight closing a working day, in the zone's offset.
        var lastDay = IndonesianZones.LocalDate(newDue.AddTicks(-1), zone);
        Assert.Equal(IndonesianZones.StartOfDay(lastDay.AddDays(1), zone), newDue);
        Assert.Equal(IndonesianZones.Offset(zone), newDue.Offset);
        Assert.True(Cal.IsWorkingDay(lastDay), $"due {newDue:O} ends a non-working day");
        Assert.True(newDue > resumed, "the resumed clock must leave time to work");
        Assert.True(newDue >= due, "a hold never shortens a deadline");

        var remainingAtPause = WorkingDaysIn(OwnDay(paused, zone), LastDay(due, zone));
        if (remainingAtPause > 0)
        {
            // Exactly the whole working days that were left after the pause's own day run after the resume's own day.
            Assert.Equal(remainingAtPause, WorkingDaysIn(OwnDay(resumed, zone), lastDay));
        }
        else
        {
            // Paused on its last day: due at the end of the first working day on or after the resume.
            var first = IndonesianZones.LocalDate(resumed, zone);
            while (!Cal.IsWorkingDay(first))
            {
                first = first.AddDays(1);
            }

            Assert.Equal(first, lastDay);
        }

        // The due moves by exactly the working days that began while the clock stood still.
        if (remainingAtPause > 0)
        {
            Assert.Equal(WorkingDaysIn(OwnDay(paused, zone), OwnDay(resumed, zone)), WorkingDaysIn(LastDay(due, zone), lastDay));
        }
    }

    [Theory]
    [MemberData(nameof(WorkingDayHolds))]
    public void A_hold_that_starts_and_ends_on_the_same_local_day_does_not_move_a_working_day_due(
        AgencyZone zone, string start, int amount, string pausedAt, string resumedAt)
    {
        _ = resumedAt;
        var limit = SlaLimit.WorkingDays(amount);
        var due = Deadlines.Due(limit, At(start), zone, Cal);
        var paused = At(pausedAt);
        if (paused == IndonesianZones.StartOfDay(IndonesianZones.LocalDate(paused, zone), zone))
        {
            // A pause at local midnight comes before that day began; step into the day.
            paused = paused.AddSeconds(1);
        }

        var endOfPauseDay = IndonesianZones.StartOfDay(IndonesianZones.LocalDate(paused, zone).AddDays(1), zone);
        var twoSecondsLater = paused.AddSeconds(2) < endOfPauseDay ? paused.AddSeconds(2) : paused;
        var laterThatDay = paused + TimeSpan.FromTicks((endOfPauseDay - paused).Ticks * 2 / 3);

        Assert.Equal(due, Deadlines.Resume(limit, paused, due, twoSecondsLater, zone, Cal));
        Assert.Equal(due, Deadlines.Resume(limit, paused, due, laterThatDay, zone, Cal));
    }

    [Theory]
    [MemberData(nameof(WallClockHolds))]
    public void A_resumed_minute_clock_keeps_its_exact_remaining_duration(
        AgencyZone zone, string start, int amount, string pausedAt, string resumedAt)
    {
        var limit = SlaLimit.Minutes(amount);
        var due = Deadlines.Due(limit, At(start), zone, Cal);
        var paused = At(pausedAt);
        var resumed = At(resumedAt);

        var newDue = Deadlines.Resume(limit, paused, due, resumed, zone, Cal);

        Assert.Equal(due - paused, newDue - resumed);
        Assert.Equal(IndonesianZones.Offset(zone), newDue.Offset);
    }

    [Theory]
    [MemberData(nameof(WallClockHolds))]
    public void A_resumed_hour_clock_keeps_its_exact_remaining_duration(
        AgencyZone zone, string start, int amount, string pausedAt, string resumedAt)
    {
        _ = pausedAt;
        var limit = SlaLimit.Hours(1 + (amount % 72));
        var due = Deadlines.Due(limit, At(start), zone, Cal);
        var paused = At(start) + (due - At(start)) / 2;
        var resumed = At(resumedAt) > paused ? At(resumedAt) : paused;

        Assert.Equal(due - paused, Deadlines.Resume(limit, paused, due, resumed, zone, Cal) - resumed);
    }

    [Theory]
    // The two cases found by the black-box run. A 2-second hold on Tuesday 3 Mar 2026 keeps an end-of-Friday due.
    [InlineData("2026-03-02T09:00:00+07:00", 4, "2026-03-03T11:00:00+07:00", "2026-03-03T11:00:02+07:00", "2026-03-07T00:00:00+07:00")]
    // A 1-minute hold on Tue 17 Mar 2026 keeps an end-of-Tuesday due (it does not cross the Nyepi/Idul Fitri block).
    [InlineData("2026-03-16T09:00:00+07:00", 1, "2026-03-17T14:00:00+07:00", "2026-03-17T14:01:00+07:00", "2026-03-18T00:00:00+07:00")]
    // Held over the block instead: paused Tue 17 (its last day), resumed Mon 23 (cuti) → end of Wed 25 Mar.
    [InlineData("2026-03-16T09:00:00+07:00", 1, "2026-03-17T14:00:00+07:00", "2026-03-23T10:00:00+07:00", "2026-03-26T00:00:00+07:00")]
    public void Short_holds_found_by_the_black_box_run_leave_the_due_at_the_end_of_the_same_working_day(
        string start, int amount, string pausedAt, string resumedAt, string expected)
    {
        var limit = SlaLimit.WorkingDays(amount);
        var due = Deadlines.Due(limit, At(start), AgencyZone.Wib, Cal);

        Assert.Equal(At(expected), Deadlines.Resume(limit, At(pausedAt), due, At(resumedAt), AgencyZone.Wib, Cal));
    }

    [Fact]
    public void A_pending_warning_resumes_in_working_time_but_never_after_the_new_due()
    {
        var limit = SlaLimit.WorkingDays(1);
        // 1 hk from Mon 2 Mar: due end of Tue 3 Mar; a warning at 23:59 Tuesday, paused at 12:00 Tuesday.
        var due = Deadlines.Due(limit, At("2026-03-02T09:00:00+07:00"), AgencyZone.Wib, Cal);
        var paused = At("2026-03-03T12:00:00+07:00");
        var resumed = At("2026-03-03T13:00:00+07:00");
        var newDue = Deadlines.Resume(limit, paused, due, resumed, AgencyZone.Wib, Cal);

        Assert.Equal(due, newDue);
        Assert.Equal(At("2026-03-03T16:00:00+07:00"), Deadlines.ResumePoint(limit, paused, At("2026-03-03T15:00:00+07:00"), resumed, newDue, AgencyZone.Wib, Cal));
        Assert.Equal(newDue, Deadlines.ResumePoint(limit, paused, At("2026-03-03T23:59:00+07:00"), resumed, newDue, AgencyZone.Wib, Cal));
    }

    private static TheoryData<AgencyZone, string, int, string, string> Generate(SlaUnit unit)
    {
        var random = new Random(Seed + (int)unit);
        var data = new TheoryData<AgencyZone, string, int, string, string>();
        TimeSpan[] holdScales = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(12), TimeSpan.FromDays(4), TimeSpan.FromDays(20)];
        for (var i = 0; i < Cases; i++)
        {
            var zone = (AgencyZone)random.Next(3);
            var start = From.AddSeconds(random.Next(0, 600 * 24 * 3600));
            // Some starts exactly at a local midnight, where own-day rules are easiest to get wrong.
            if (i % 10 == 0)
            {
                start = IndonesianZones.StartOfDay(IndonesianZones.LocalDate(start, zone), zone);
            }

            var amount = unit == SlaUnit.WorkingDays ? random.Next(1, 31) : random.Next(1, 7 * 24 * 60);
            var limit = new SlaLimit(amount, unit);
            var due = Deadlines.Due(limit, start, zone, Cal);
            var paused = start + TimeSpan.FromTicks((long)((due - start).Ticks * random.NextDouble()));
            paused = paused.AddTicks(-(paused.UtcTicks % TimeSpan.TicksPerSecond));
            if (i % 7 == 0)
            {
                paused = IndonesianZones.StartOfDay(IndonesianZones.LocalDate(paused, zone), zone);
            }

            if (paused >= due || paused < start)
            {
                paused = start;
            }

            var scale = holdScales[random.Next(holdScales.Length)];
            var resumed = paused + TimeSpan.FromSeconds(Math.Floor(scale.TotalSeconds * random.NextDouble()));
            if (i % 11 == 0)
            {
                resumed = IndonesianZones.StartOfDay(IndonesianZones.LocalDate(resumed, zone).AddDays(1), zone);
            }

            data.Add(zone, Iso(start), amount, Iso(paused), Iso(resumed));
        }

        return data;
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The local day whose time an instant has used: an instant at local midnight belongs to the day before.</summary>
    private static DateOnly OwnDay(DateTimeOffset at, AgencyZone zone) => IndonesianZones.LocalDate(at.AddTicks(-1), zone);

    /// <summary>The last day of a deadline ending at <paramref name="due"/>.</summary>
    private static DateOnly LastDay(DateTimeOffset due, AgencyZone zone) => IndonesianZones.LocalDate(due.AddTicks(-1), zone);

    /// <summary>Working days in (<paramref name="after"/>, <paramref name="upTo"/>], counted day by day.</summary>
    private static int WorkingDaysIn(DateOnly after, DateOnly upTo)
    {
        var count = 0;
        for (var d = after.AddDays(1); d <= upTo; d = d.AddDays(1))
        {
            if (Cal.IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }
}
