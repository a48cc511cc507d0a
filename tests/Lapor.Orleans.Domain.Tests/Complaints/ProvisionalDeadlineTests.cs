using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;

using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>Deadlines counted across a year without holiday data (2027 in the shipped data).</summary>
public class ProvisionalDeadlineTests
{
    private static readonly Actor Officer = Actors.Officer(AgencyTree.KotaMalang);

    /// <summary>Test data for 2027 (not the real decree): New Year's Day on Friday 1 January.</summary>
    private static readonly HolidayYear Test2027 = new(2027,
        [new Holiday(Day("2027-01-01"), HolidayKind.NationalHoliday, "Tahun Baru 2027 Masehi (uji)")], "Data uji");

    private static readonly WorkingCalendar With2027 = Cal.WithYear(Test2027);

    /// <summary>Routed Mon 14 Dec 2026 (tidak berkadar pengawasan, 14 hk), first response Mon 21 Dec 09:00.</summary>
    private static Scenario RespondedBeforeNewYear()
    {
        var sc = new Scenario { Now = At("2026-12-14T09:00:00+07:00") };
        Assert.True(sc.Submit(null).Changed);
        sc.Ok(new RouteAction(AgencyTree.KotaMalang, ResolutionClass.NonSupervisory, null, null, null), Actors.NationalAdmin, At("2026-12-14T10:00:00+07:00"));
        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At("2026-12-21T09:00:00+07:00"));
        return sc;
    }

    [Fact]
    public void A_deadline_counted_into_a_year_without_holiday_data_is_marked_provisional_on_the_complaint_and_in_the_inbox()
    {
        var sc = RespondedBeforeNewYear();

        var clock = sc.Primary.Track.Clock!;
        // 22, 23, 28–31 Dec, then 1, 4–8, 11, 12 Jan 2027 with only weekends skipped: end of Tue 12 Jan.
        Assert.Equal(At("2027-01-13T00:00:00+07:00"), clock.DueAt);
        Assert.True(clock.Provisional);
        Assert.True(ComplaintProjections.View(sc.State, new Viewer(ViewerKind.Staff, Officer))!.Assignments[0].Deadline!.Provisional);
        Assert.True(ComplaintProjections.Inbox(sc.State, sc.Now)[AgencyTree.KotaMalang].ProvisionalDeadline);
    }

    [Fact]
    public void A_deadline_inside_years_with_data_is_not_provisional()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);

        Assert.False(sc.Primary.Track.Clock!.Provisional);
        Assert.False(ComplaintProjections.Inbox(sc.State, sc.Now)[AgencyTree.KotaMalang].ProvisionalDeadline);
    }

    [Theory]
    [InlineData(SlaUnit.Hours, DeadlineRule.Limit, false)]
    [InlineData(SlaUnit.Minutes, DeadlineRule.Limit, false)]
    [InlineData(SlaUnit.WorkingDays, DeadlineRule.Ceiling, false)]
    [InlineData(SlaUnit.WorkingDays, DeadlineRule.CeilingPassed, true)]
    [InlineData(SlaUnit.WorkingDays, DeadlineRule.Limit, true)]
    public void Only_working_day_counts_depend_on_the_holiday_list(SlaUnit unit, DeadlineRule rule, bool expected)
    {
        var start = At("2026-12-21T09:00:00+07:00");

        Assert.Equal(expected, ProvisionalDeadlines.IsProvisional(new SlaLimit(10, unit), rule, start, start.AddDays(30), AgencyZone.Wib, Cal));
        Assert.False(ProvisionalDeadlines.IsProvisional(new SlaLimit(10, unit), rule, start, start.AddDays(30), AgencyZone.Wib, With2027));
    }

    [Fact]
    public void While_the_year_is_still_missing_a_tick_changes_nothing()
    {
        var sc = RespondedBeforeNewYear();
        var before = sc.Snapshot();

        Assert.Equal(Outcome.Unchanged, sc.Tick(At("2026-12-22T12:00:00+07:00")));
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void When_the_years_data_arrives_the_next_tick_recounts_the_pending_deadline_and_says_so()
    {
        var sc = RespondedBeforeNewYear();
        var old = sc.Primary.Track.Clock!;
        var at = At("2026-12-22T12:00:00+07:00");

        Assert.Equal(Outcome.Applied, new ComplaintMachine(With2027).Tick(sc.State, at));

        var clock = sc.Primary.Track.Clock!;
        // 1 Jan 2027 is now a holiday: the 14th working day is Wed 13 Jan.
        Assert.Equal(At("2027-01-14T00:00:00+07:00"), clock.DueAt);
        Assert.False(clock.Provisional);
        Assert.Equal(old.StartedAt, clock.StartedAt);
        Assert.Equal(Deadlines.PointAt(clock.Limit, clock.StartedAt, clock.DueAt, 0.5, AgencyZone.Wib, With2027), clock.Warn50At);
        Assert.True(clock.Warn50At > old.Warn50At);
        var entry = sc.State.Timeline[^1];
        Assert.Equal(("deadline-recounted", EntryVisibility.Internal, ActorRole.System), (entry.Action, entry.Visibility, entry.ActorRole));
        Assert.Contains("2027-01-13 00:00 WIB menjadi 2027-01-14 00:00 WIB", entry.Message, StringComparison.Ordinal);
        Assert.False(ComplaintProjections.Inbox(sc.State, at)[AgencyTree.KotaMalang].ProvisionalDeadline);
        // The agency's inbox line learns the new due in the same change.
        Assert.Contains(sc.State.Outbox, e => e.AgencyId == AgencyTree.KotaMalang && e.Notice.Item?.DueAt == clock.DueAt);
    }

    [Fact]
    public void A_provisional_deadline_that_already_fired_is_not_recounted_or_back_dated()
    {
        var sc = RespondedBeforeNewYear();
        var due = sc.Primary.Track.Clock!.DueAt;
        var machine = new ComplaintMachine(With2027);

        Assert.Equal(Outcome.Applied, machine.Tick(sc.State, due));

        Assert.Equal("escalated", sc.State.Timeline[^1].Action);
        Assert.Equal(AgencyTree.ProvJatim, sc.Primary.Track.Holder.AgencyId);
        Assert.DoesNotContain(sc.State.Timeline, e => e.Action == "deadline-recounted");
    }

    [Fact]
    public void A_recounted_deadline_is_still_capped_by_the_sixty_day_ceiling()
    {
        // Routed Wed 4 Nov 2026: the ceiling ends with Sun 3 Jan 2027. Normatif 5 hk from Wed 23 Dec, counted
        // without 2027 holidays, ends Fri 1 Jan (inside); with 1, 4 and 5 Jan listed it would end Wed 6 Jan (past it).
        var sc = new Scenario { Now = At("2026-11-04T09:00:00+07:00") };
        Assert.True(sc.Submit(null).Changed);
        sc.Ok(new RouteAction(AgencyTree.KotaMalang, ResolutionClass.Normative, null, null, null), Actors.NationalAdmin, At("2026-11-04T10:00:00+07:00"));
        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At("2026-12-23T09:00:00+07:00"));
        var old = sc.Primary.Track.Clock!;
        Assert.True(old.Provisional);
        Assert.Equal(DeadlineRule.Limit, old.Rule);
        var busy2027 = Cal.WithYear(new HolidayYear(2027,
        [
            new Holiday(Day("2027-01-01"), HolidayKind.NationalHoliday, "uji"),
            new Holiday(Day("2027-01-04"), HolidayKind.CutiBersama, "uji"),
            new Holiday(Day("2027-01-05"), HolidayKind.CutiBersama, "uji"),
        ], "Data uji"));

        new ComplaintMachine(busy2027).Tick(sc.State, At("2026-12-28T09:00:00+07:00"));

        var clock = sc.Primary.Track.Clock!;
        Assert.Equal(At("2027-01-02T00:00:00+07:00"), old.DueAt);
        Assert.Equal(At("2027-01-04T00:00:00+07:00"), clock.DueAt);
        Assert.Equal(DeadlineRule.Ceiling, clock.Rule);
        Assert.False(clock.Provisional);
    }
}
