using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;

using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>Perpres 76/2013: completion no later than 60 days after the file is complete, for every resolution clock.</summary>
public class ResolutionCeilingTests
{
    private static readonly Actor Officer = Actors.Officer(AgencyTree.KotaMalang);

    /// <summary>Submitted Fri 13 Mar 2026 10:00 WIB, routed at <paramref name="routedAt"/> with <paramref name="resolutionClass"/>.</summary>
    private static Scenario Routed(ResolutionClass resolutionClass, DateTimeOffset routedAt, AgencyTree? tree = null)
    {
        var sc = new Scenario(tree) { Now = routedAt.AddHours(-1) };
        Assert.True(sc.Submit(null).Changed);
        sc.Ok(new RouteAction(AgencyTree.KotaMalang, resolutionClass, null, null, null), Actors.NationalAdmin, routedAt);
        return sc;
    }

    [Theory]
    // 13 Mar + 60 days = 12 May; the ceiling is the end of that day in the agency's zone.
    [InlineData("2026-03-13T10:00:00+07:00", AgencyZone.Wib, "2026-05-13T00:00:00+07:00")]
    [InlineData("2026-03-13T10:00:00+07:00", AgencyZone.Wit, "2026-05-13T00:00:00+09:00")]
    // 16:30Z on 12 Mar is 12 Mar in WIB but already 13 Mar in WIT.
    [InlineData("2026-03-12T16:30:00Z", AgencyZone.Wib, "2026-05-12T00:00:00+07:00")]
    [InlineData("2026-03-12T16:30:00Z", AgencyZone.Wit, "2026-05-13T00:00:00+09:00")]
    // Across the year end and a leap-free February: 1 Dec 2025 + 60 days = 30 Jan 2026.
    [InlineData("2025-12-01T08:00:00+08:00", AgencyZone.Wita, "2026-01-31T00:00:00+08:00")]
    public void The_ceiling_is_the_end_of_the_sixtieth_calendar_day_after_the_file_is_complete(string completeAt, AgencyZone zone, string expected)
    {
        var ceiling = ResolutionCeiling.For(At(completeAt), zone);

        Assert.Equal(At(expected), ceiling);
        Assert.Equal(At(expected).Offset, ceiling.Offset);
    }

    [Theory]
    // Holiday-dense starts: the Nyepi/Idul Fitri blocks of 2025 and 2026, Christmas into New Year, Waisak/Ascension 2026.
    [InlineData("2025-03-27T09:00:00+07:00")]
    [InlineData("2026-03-13T11:00:00+07:00")]
    [InlineData("2026-03-17T15:00:00+07:00")]
    [InlineData("2025-12-23T10:00:00+07:00")]
    [InlineData("2026-05-13T10:00:00+07:00")]
    public void A_berkadar_pengawasan_complaint_is_due_at_the_ceiling_not_after_sixty_working_days(string routedAt)
    {
        var sc = Routed(ResolutionClass.Supervisory, At(routedAt));

        sc.Ok(new FollowUpAction("Tim inspektorat sudah dibentuk."), Officer, At(routedAt).AddHours(2));

        var clock = sc.Primary.Track.Clock!;
        var ceiling = ResolutionCeiling.For(At(routedAt), AgencyZone.Wib);
        var sixtyWorkingDays = Deadlines.Due(SlaLimit.WorkingDays(60), clock.StartedAt, AgencyZone.Wib, Cal);
        Assert.Equal(DeadlineStep.Resolution, clock.Step);
        Assert.True(sixtyWorkingDays > ceiling.AddDays(20), $"60 hk end {sixtyWorkingDays:O}, ceiling {ceiling:O}");
        Assert.Equal(ceiling, clock.DueAt);
        Assert.Equal(DeadlineRule.Ceiling, clock.Rule);
        Assert.Equal(ceiling, clock.CeilingAt);
        Assert.False(clock.Provisional);
        // Warnings are spread over the capped span.
        Assert.True(clock.Warn50At < clock.Warn75At && clock.Warn75At < ceiling);
    }

    [Theory]
    // 14 hk from the first response on Mon 16 Mar 2026: 17, 25–27, 30, 31 Mar, 1, 2, 6–10, 13 Apr → end of 13 Apr.
    [InlineData("2026-03-16T09:00:00+07:00", "2026-04-14T00:00:00+07:00", DeadlineRule.Limit)]
    // A first response 52 days after routing: 14 hk would end on 26 May, but the ceiling ends 12 May.
    [InlineData("2026-05-04T09:00:00+07:00", "2026-05-13T00:00:00+07:00", DeadlineRule.Ceiling)]
    public void Whichever_comes_first_of_the_class_limit_and_the_ceiling_sets_the_due_and_the_view_says_which(
        string firstResponseAt, string expectedDue, DeadlineRule expectedRule)
    {
        var sc = Routed(ResolutionClass.NonSupervisory, At("2026-03-13T11:00:00+07:00"));

        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At(firstResponseAt));

        var deadline = ComplaintProjections.View(sc.State, new Viewer(ViewerKind.Staff, Officer))!.Assignments[0].Deadline!;
        Assert.Equal(At(expectedDue), deadline.DueAt);
        Assert.Equal(expectedRule, deadline.Rule);
        Assert.Equal(At("2026-05-13T00:00:00+07:00"), deadline.CeilingAt);
    }

    [Fact]
    public void A_wall_clock_resolution_policy_is_capped_by_the_ceiling_too()
    {
        var tree = AgencyTree.Default(new SlaPolicy { ResolutionSupervisory = SlaLimit.Hours(24 * 100) });
        var sc = Routed(ResolutionClass.Supervisory, At("2026-03-13T11:00:00+07:00"), tree);

        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At("2026-03-16T09:00:00+07:00"));

        Assert.Equal(At("2026-05-13T00:00:00+07:00"), sc.Primary.Track.Clock!.DueAt);
        Assert.Equal(DeadlineRule.Ceiling, sc.Primary.Track.Clock.Rule);
    }

    [Fact]
    public void A_related_agencys_resolution_is_held_to_the_same_ceiling()
    {
        var sc = Routed(ResolutionClass.Supervisory, At("2026-03-13T11:00:00+07:00"));
        sc.Ok(new AddRelatedAgencyAction(AgencyTree.Denpasar, null), Actors.NationalAdmin, At("2026-03-16T09:00:00+07:00"));

        sc.Ok(new FollowUpAction("Kami periksa."), Actors.Officer(AgencyTree.Denpasar), At("2026-03-17T09:00:00+07:00"));

        var clock = sc.AssignmentOf(AgencyTree.Denpasar).Track.Clock!;
        // Counted from the complaint's file (13 Mar), in the related agency's zone (WITA).
        Assert.Equal(At("2026-05-13T00:00:00+08:00"), clock.DueAt);
        Assert.Equal(DeadlineRule.Ceiling, clock.Rule);
    }

    [Fact]
    public void Missing_the_ceiling_escalates_with_a_fresh_limit_marked_past_the_ceiling_and_the_timeline_says_why()
    {
        var sc = Routed(ResolutionClass.Supervisory, At("2026-03-13T11:00:00+07:00"));
        sc.Ok(new FollowUpAction("Tim sudah dibentuk."), Officer, At("2026-03-16T09:00:00+07:00"));
        sc.Ok(new FollowUpAction("Pemeriksaan berjalan."), Officer, At("2026-04-20T09:00:00+07:00"));
        var ceiling = sc.Primary.Track.Clock!.DueAt;

        Assert.Equal(Outcome.Applied, sc.Tick(ceiling));

        var clock = sc.Primary.Track.Clock!;
        Assert.Equal(AgencyTree.ProvJatim, sc.Primary.Track.Holder.AgencyId);
        Assert.Equal(DeadlineRule.CeilingPassed, clock.Rule);
        Assert.Equal(Deadlines.Due(SlaLimit.WorkingDays(2), ceiling, AgencyZone.Wib, Cal), clock.DueAt);
        var entry = sc.State.Timeline[^1];
        Assert.Equal("escalated", entry.Action);
        Assert.Contains("belum diselesaikan dalam 60 hari sejak berkas lengkap (Perpres 76/2013)", entry.Message, StringComparison.Ordinal);
        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
    }

    [Fact]
    public void A_reporters_reply_restarts_the_resolution_clock_inside_the_same_ceiling()
    {
        var sc = Routed(ResolutionClass.NonSupervisory, At("2026-03-13T11:00:00+07:00"));
        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At("2026-03-16T09:00:00+07:00"));
        sc.Ok(new ResolveAction("Sudah diperbaiki."), Officer, At("2026-05-04T09:00:00+07:00"));

        sc.Ok(new ReplyAction("Belum diperbaiki."), Actor.Reporter, At("2026-05-05T09:00:00+07:00"));

        var clock = sc.Primary.Track.Clock!;
        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.Equal(At("2026-05-13T00:00:00+07:00"), clock.DueAt);
        Assert.Equal(DeadlineRule.Ceiling, clock.Rule);
    }

    [Fact]
    public void A_reopened_complaint_gets_a_new_sixty_day_window_from_the_reopening()
    {
        var sc = Routed(ResolutionClass.Supervisory, At("2026-03-13T11:00:00+07:00"));
        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At("2026-03-16T09:00:00+07:00"));
        sc.Ok(new ResolveAction("Sudah ditindak."), Officer, At("2026-04-06T09:00:00+07:00"));
        sc.Ok(new ConfirmAction(null, null), Actor.Reporter, At("2026-04-07T09:00:00+07:00"));

        sc.Ok(new ReopenAction("Masalah muncul lagi."), Actor.Reporter, At("2026-04-20T09:00:00+07:00"));

        // 20 Apr + 60 days = 19 Jun.
        Assert.Equal(At("2026-06-20T00:00:00+07:00"), sc.Primary.Track.Clock!.DueAt);
        Assert.Equal(DeadlineRule.Ceiling, sc.Primary.Track.Clock.Rule);
    }

    [Fact]
    public void A_complaint_stored_before_the_window_was_recorded_counts_it_from_its_first_routing()
    {
        var sc = Routed(ResolutionClass.Supervisory, At("2026-03-13T11:00:00+07:00"));
        sc.State.ResolutionWindowStart = null;

        Assert.Equal(At("2026-03-13T11:00:00+07:00"), ResolutionWindow.Start(sc.State));
        sc.Ok(new FollowUpAction("Sedang ditinjau."), Officer, At("2026-03-16T09:00:00+07:00"));
        Assert.Equal(At("2026-05-13T00:00:00+07:00"), sc.Primary.Track.Clock!.DueAt);
    }

    [Fact]
    public void Re_routing_after_bukan_wewenang_keeps_the_window_of_the_first_routing()
    {
        var sc = Routed(ResolutionClass.Supervisory, At("2026-03-13T11:00:00+07:00"));
        sc.Ok(new NotOurAuthorityAction("Bukan wewenang kota."), Actors.Admin(AgencyTree.KotaMalang), At("2026-03-16T09:00:00+07:00"));

        sc.Ok(new RouteAction(AgencyTree.Kemenkes, ResolutionClass.Supervisory, null, null, null), Actors.NationalAdmin, At("2026-03-17T09:00:00+07:00"));
        sc.Ok(new FollowUpAction("Kami tangani."), Actors.Officer(AgencyTree.Kemenkes), At("2026-03-25T09:00:00+07:00"));

        Assert.Equal(At("2026-05-13T00:00:00+07:00"), sc.Primary.Track.Clock!.DueAt);
    }
}
