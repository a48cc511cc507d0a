using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;
using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Complaints;

public class DeadlineTickTests
{
    private static readonly SlaLimit TwoDays = SlaLimit.WorkingDays(2);

    private static Scenario Submitted()
    {
        var sc = new Scenario();
        Assert.True(sc.Submit().Changed);
        return sc;
    }

    private static void AssertUnchangedTick(Scenario sc, DateTimeOffset at)
    {
        var before = sc.Snapshot();
        Assert.Equal(Outcome.Unchanged, sc.Tick(at));
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Verification_is_due_three_working_days_after_submission_skipping_the_Lebaran_holidays()
    {
        var sc = Submitted();

        var clock = sc.State.Intake!.Clock!;
        Assert.Equal(DeadlineStep.Verification, clock.Step);
        Assert.Equal(Scenario.Friday13, clock.StartedAt);
        // 16, 17, 25 March (18–24 are holidays, cuti bersama or weekend).
        Assert.Equal(At("2026-03-26T00:00:00+07:00"), clock.DueAt);
        // 86 h of working time: 43 h and 64.5 h.
        Assert.Equal(At("2026-03-17T05:00:00+07:00"), clock.Warn50At);
        Assert.Equal(At("2026-03-25T02:30:00+07:00"), clock.Warn75At);
        Assert.Equal(clock.Warn50At, sc.NextAlarm);
    }

    [Fact]
    public void First_response_is_due_five_working_days_after_routing_as_in_the_worked_example()
    {
        var sc = new Scenario { Now = Scenario.Friday13.AddHours(-1) };
        sc.Submit(null);

        sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.NationalAdmin, Scenario.Friday13);

        var clock = sc.Primary.Track.Clock!;
        Assert.Equal(DeadlineStep.FirstResponse, clock.Step);
        Assert.Equal(At("2026-03-28T00:00:00+07:00"), clock.DueAt);
        Assert.Null(sc.State.Intake);
        Assert.Equal(clock.Warn50At, sc.NextAlarm);
    }

    [Fact]
    public void Ticks_warn_once_at_fifty_and_seventy_five_percent_and_never_twice()
    {
        var sc = Submitted();
        var clock = sc.State.Intake!.Clock!;

        AssertUnchangedTick(sc, clock.Warn50At!.Value.AddSeconds(-1));

        var count = sc.State.Timeline.Count;
        Assert.Equal(Outcome.Applied, sc.Tick(clock.Warn50At.Value));
        var w50 = Assert.Single(sc.State.Timeline.Skip(count));
        Assert.Equal("warning-50", w50.Action);
        Assert.Equal(EntryVisibility.Internal, w50.Visibility);
        Assert.Equal(ActorRole.System, w50.ActorRole);
        Assert.Equal(clock.Warn75At, sc.NextAlarm);

        AssertUnchangedTick(sc, clock.Warn50At.Value);
        AssertUnchangedTick(sc, clock.Warn75At!.Value.AddSeconds(-1));

        count = sc.State.Timeline.Count;
        Assert.Equal(Outcome.Applied, sc.Tick(clock.Warn75At.Value));
        Assert.Equal("warning-75", Assert.Single(sc.State.Timeline.Skip(count)).Action);
        Assert.Equal(clock.DueAt, sc.NextAlarm);
        AssertUnchangedTick(sc, clock.Warn75At.Value);
        Assert.Equal(0, sc.State.Intake.HolderIndex);
    }

    [Fact]
    public void Deadline_texts_name_the_holder_and_the_agency_above_it_as_people_know_them()
    {
        var sc = Submitted();
        var clock = sc.State.Intake!.Clock!;

        sc.Tick(clock.Warn50At!.Value);
        Assert.Equal("Peringatan: 50% batas waktu verifikasi untuk Pemerintah Kota Malang telah berlalu (batas 2026-03-26 00:00 WIB).",
            sc.State.Timeline[^1].Message);

        sc.Tick(clock.DueAt);
        var escalated = sc.State.Timeline[^1];
        Assert.Equal("escalated", escalated.Action);
        Assert.StartsWith("Batas waktu verifikasi terlewati oleh Pemerintah Kota Malang; dieskalasi ke Pemerintah Provinsi Jawa Timur dengan batas baru ",
            escalated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deadline_texts_fall_back_to_the_agency_key_for_a_path_stored_before_names_were_kept()
    {
        var sc = Submitted();
        var intake = sc.State.Intake!;
        intake.Path = [.. intake.Path.Select(node => node with { Name = null })];

        sc.Tick(intake.Clock!.DueAt);
        Assert.StartsWith($"Batas waktu verifikasi terlewati oleh {AgencyTree.KotaMalang}; dieskalasi ke {AgencyTree.ProvJatim} dengan batas baru ",
            sc.State.Timeline[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_late_first_tick_past_seventy_five_percent_announces_only_the_seventy_five_percent_warning()
    {
        var sc = Submitted();
        var clock = sc.State.Intake!.Clock!;

        var count = sc.State.Timeline.Count;
        Assert.Equal(Outcome.Applied, sc.Tick(clock.Warn75At!.Value.AddMinutes(1)));
        Assert.Equal("warning-75", Assert.Single(sc.State.Timeline.Skip(count)).Action);
        Assert.Equal(clock.DueAt, sc.NextAlarm);
        Assert.Equal(75, ComplaintProjections.Inbox(sc.State, clock.Warn75At.Value)[sc.State.Intake.AssigneeId].WarnedPercent);
    }

    [Fact]
    public void Tick_at_the_due_time_escalates_to_the_parent_with_a_fresh_escalated_limit_starting_now()
    {
        var sc = Submitted();
        var due = sc.State.Intake!.Clock!.DueAt;
        sc.Tick(sc.State.Intake.Clock.Warn50At!.Value);
        sc.Tick(sc.State.Intake.Clock.Warn75At!.Value);
        var outbox = sc.State.Outbox.Count;

        Assert.Equal(Outcome.Applied, sc.Tick(due));

        var intake = sc.State.Intake;
        Assert.Equal(AgencyTree.ProvJatim, intake.Holder.AgencyId);
        var clock = intake.Clock!;
        Assert.Equal(due, clock.StartedAt);
        Assert.Equal(TwoDays, clock.Limit);
        // Escalated on Thu 26 March at 00:00: 27 and 30 March.
        Assert.Equal(At("2026-03-31T00:00:00+07:00"), clock.DueAt);
        Assert.Equal(1, clock.Escalations);
        Assert.False(clock.Warned50);
        Assert.Equal("escalated", sc.State.Timeline[^1].Action);
        var escalation = Assert.Single(sc.State.Outbox.Skip(outbox), e => e.Notice.Escalation is not null);
        Assert.Equal(AgencyTree.ProvJatim, escalation.AgencyId);
        Assert.Equal(new EscalationRecord(Scenario.Id, DeadlineStep.Verification, AgencyTree.KotaMalang, due, due, false),
            escalation.Notice.Escalation);
        Assert.Equal(InboxRole.Escalated, escalation.Notice.Item?.Role);
    }

    [Fact]
    public void A_late_tick_far_past_several_deadlines_escalates_only_one_level_and_does_not_back_date()
    {
        var sc = Submitted();
        var late = At("2026-06-30T12:00:00+07:00");
        var count = sc.State.Timeline.Count;

        Assert.Equal(Outcome.Applied, sc.Tick(late));

        var intake = sc.State.Intake!;
        Assert.Equal(1, intake.HolderIndex);
        Assert.Equal(late, intake.Clock!.StartedAt);
        Assert.True(intake.Clock.DueAt > late);
        Assert.False(sc.State.NationalIntervention);
        // The overtaken warnings are dropped: only the escalation is written.
        Assert.Equal("escalated", Assert.Single(sc.State.Timeline.Skip(count)).Action);
    }

    [Fact]
    public void Repeated_ticks_climb_from_the_unit_to_the_root_then_flag_national_intervention_and_stop()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        sc.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang));
        var holders = new List<string> { sc.Primary.Track.Holder.AgencyId };
        var escalatedTo = new List<string>();

        for (var guard = 0; guard < 50 && sc.NextAlarm is { } alarm; guard++)
        {
            var outbox = sc.State.Outbox.Count;
            Assert.Equal(Outcome.Applied, sc.Tick(alarm));
            escalatedTo.AddRange(sc.State.Outbox.Skip(outbox).Where(e => e.Notice.Escalation is not null).Select(e => e.AgencyId));
            if (holders[^1] != sc.Primary.Track.Holder.AgencyId)
            {
                holders.Add(sc.Primary.Track.Holder.AgencyId);
            }
        }

        Assert.Equal([AgencyTree.Dishub, AgencyTree.KotaMalang, AgencyTree.ProvJatim, AgencyTree.Nasional], holders);
        Assert.Equal([AgencyTree.KotaMalang, AgencyTree.ProvJatim, AgencyTree.Nasional, AgencyTree.Nasional], escalatedTo);
        Assert.True(sc.State.NationalIntervention);
        Assert.True(sc.Primary.Track.Clock!.Exhausted);
        Assert.Equal(3, sc.Primary.Track.Clock.Escalations);
        Assert.Null(sc.NextAlarm);

        var reporterView = ComplaintProjections.View(sc.State, Viewer.Reporter)!;
        Assert.True(reporterView.NationalIntervention);
        Assert.Contains(reporterView.Timeline, e => e.Action == "ombudsman-notice" && e.Message!.Contains("Ombudsman", StringComparison.Ordinal));
        var publicView = ComplaintProjections.View(sc.State, Viewer.Public)!;
        Assert.False(publicView.NationalIntervention);
        Assert.DoesNotContain(publicView.Timeline, e => e.Action == "ombudsman-notice");

        AssertUnchangedTick(sc, sc.Now.AddDays(1));
        AssertUnchangedTick(sc, sc.Now.AddDays(365));
    }

    [Fact]
    public void Hold_pauses_verification_and_supplying_information_resumes_with_the_remaining_time()
    {
        var sc = Submitted();
        var original = sc.State.Intake!.Clock!;
        var holdAt = At("2026-03-16T10:00:00+07:00");
        sc.Ok(new HoldAction("Mohon lampirkan foto."), Actors.NationalAdmin, holdAt);

        Assert.Equal(holdAt, sc.State.PausedVerification!.PausedAt);
        var expiry = sc.State.Intake.Clock!;
        Assert.Equal(DeadlineStep.HoldExpiry, expiry.Step);
        Assert.Null(expiry.Warn50At);
        // 10 hk from Mon 16 March: 17, 25, 26, 27, 30, 31 March, 1, 2, 6, 7 April (3 April is Good Friday).
        Assert.Equal(At("2026-04-08T00:00:00+07:00"), expiry.DueAt);
        Assert.Equal(expiry.DueAt, sc.NextAlarm);

        AssertUnchangedTick(sc, original.Warn50At!.Value);
        AssertUnchangedTick(sc, original.DueAt);
        AssertUnchangedTick(sc, original.DueAt.AddHours(10));

        sc.Ok(new SupplyInformationAction("Foto terlampir."), Actor.Reporter, At("2026-03-26T10:00:00+07:00"));

        var resumed = sc.State.Intake.Clock!;
        Assert.Null(sc.State.PausedVerification);
        Assert.Null(resumed.PausedAt);
        Assert.Equal(DeadlineStep.Verification, resumed.Step);
        Assert.Equal(ComplaintStatus.Submitted, sc.State.Status);
        // 62 h were left at the pause (rest of 16, 17, 25 March): rest of 26, 27 and 30 March.
        Assert.Equal(At("2026-03-31T00:00:00+07:00"), resumed.DueAt);
        Assert.Equal(At("2026-03-27T05:00:00+07:00"), resumed.Warn50At);
        Assert.Equal(resumed.Warn50At, sc.NextAlarm);
    }

    [Fact]
    public void Hold_expiry_archives_after_ten_working_days_of_silence()
    {
        var sc = Submitted();
        sc.Ok(new HoldAction("Mohon lampirkan foto."), Actors.Admin(AgencyTree.KotaMalang), At("2026-03-16T10:00:00+07:00"));
        var due = sc.State.Intake!.Clock!.DueAt;

        AssertUnchangedTick(sc, due.AddSeconds(-1));
        Assert.Equal(Outcome.Applied, sc.Tick(due));

        Assert.Equal(ComplaintStatus.Archived, sc.State.Status);
        var last = sc.State.Timeline[^1];
        Assert.Equal(("archived", ActorRole.System, ComplaintStatus.OnHold), (last.Action, last.ActorRole, last.From));
        Assert.Null(sc.NextAlarm);
        Assert.Null(sc.State.Intake);
        Assert.Null(sc.State.PausedVerification);
        AssertUnchangedTick(sc, due.AddDays(30));
    }

    [Fact]
    public void Resolve_starts_the_auto_close_and_a_tick_at_its_due_closes()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);
        sc.Ok(new ResolveAction("Sudah ditambal."), Actors.Officer(AgencyTree.KotaMalang));
        var resolvedAt = sc.Now;

        var clock = sc.State.Intake!.Clock!;
        Assert.Equal(DeadlineStep.AutoClose, clock.Step);
        Assert.Equal(Deadlines.Due(SlaLimit.WorkingDays(10), resolvedAt, AgencyZone.Wib, Cal), clock.DueAt);
        Assert.Null(sc.Primary.Track.Clock);
        Assert.Equal(clock.DueAt, sc.NextAlarm);

        AssertUnchangedTick(sc, clock.DueAt.AddSeconds(-1));
        Assert.Equal(Outcome.Applied, sc.Tick(clock.DueAt));

        Assert.Equal(ComplaintStatus.Closed, sc.State.Status);
        Assert.Equal(clock.DueAt, sc.State.ClosedAt);
        Assert.Equal(("auto-closed", ActorRole.System), (sc.State.Timeline[^1].Action, sc.State.Timeline[^1].ActorRole));
        Assert.Null(sc.NextAlarm);
    }

    [Fact]
    public void A_follow_up_while_resolved_restarts_the_auto_close()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Resolved);
        var first = sc.State.Intake!.Clock!;
        var followUpAt = first.StartedAt.AddDays(5);

        sc.Ok(new FollowUpAction("Foto hasil perbaikan."), Actors.Officer(AgencyTree.KotaMalang), followUpAt);

        var restarted = sc.State.Intake!.Clock!;
        Assert.Equal(ComplaintStatus.Resolved, sc.State.Status);
        Assert.Equal(followUpAt, restarted.StartedAt);
        Assert.Equal(Deadlines.Due(SlaLimit.WorkingDays(10), followUpAt, AgencyZone.Wib, Cal), restarted.DueAt);
        Assert.True(restarted.DueAt > first.DueAt);
        AssertUnchangedTick(sc, first.DueAt);
        Assert.Equal(Outcome.Applied, sc.Tick(restarted.DueAt));
        Assert.Equal(ComplaintStatus.Closed, sc.State.Status);
    }

    [Fact]
    public void A_reply_while_resolved_reopens_handling_and_cancels_the_auto_close()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Resolved);
        var autoClose = sc.State.Intake!.Clock!.DueAt;

        sc.Ok(new ReplyAction("Belum beres, sisi timur masih berlubang."), Actor.Reporter);

        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.Null(sc.State.Intake);
        Assert.Null(sc.Primary.ResolvedAt);
        var clock = sc.Primary.Track.Clock!;
        Assert.Equal((DeadlineStep.Resolution, sc.Now), (clock.Step, clock.StartedAt));
        Assert.Equal(clock.Warn50At, sc.NextAlarm);

        sc.Tick(autoClose);
        Assert.NotEqual(ComplaintStatus.Closed, sc.State.Status);
    }

    [Fact]
    public void Reopen_is_allowed_up_to_thirty_days_after_closing()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Closed);
        var closedAt = sc.State.ClosedAt!.Value;
        Assert.Null(sc.NextAlarm);

        sc.Ok(new ReopenAction("Lubang muncul lagi."), Actor.Reporter, closedAt.AddDays(30));

        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.Equal(1, sc.State.ReopenCount);
        Assert.Null(sc.State.ClosedAt);
        var clock = sc.Primary.Track.Clock!;
        Assert.Equal((DeadlineStep.Resolution, sc.Now, 0), (clock.Step, clock.StartedAt, sc.Primary.Track.HolderIndex));
        Assert.Equal(clock.Warn50At, sc.NextAlarm);
    }

    [Fact]
    public void Reopen_more_than_thirty_days_after_closing_is_refused()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Closed);
        var before = sc.Snapshot();

        var outcome = sc.Do(new ReopenAction("Lubang muncul lagi."), Actor.Reporter, sc.State.ClosedAt!.Value.AddDays(30).AddMinutes(1));

        Assert.Equal(RejectionKind.InvalidState, outcome.Rejection?.Kind);
        Assert.Equal(before, sc.Snapshot());
    }

    [Fact]
    public void Next_alarm_is_the_earliest_pending_point_of_all_clocks_and_null_when_closed_or_archived()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Routed);
        sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, null), Actors.NationalAdmin, sc.Now.AddDays(1));
        var primary = sc.Primary.Track.Clock!;
        var related = sc.AssignmentOf(AgencyTree.Kemenkes).Track.Clock!;
        Assert.Equal(new[] { primary.NextAlarm, related.NextAlarm }.Min(), sc.NextAlarm);
        Assert.Equal(primary.Warn50At, sc.NextAlarm);

        sc.Tick(primary.Warn50At!.Value);
        Assert.Equal(new[] { primary.Warn75At, related.Warn50At }.Min(), sc.NextAlarm);

        Assert.Null(ComplaintMachine.NextAlarm(Scenario.InStatus(ComplaintStatus.Archived).State));
        Assert.Null(ComplaintMachine.NextAlarm(Scenario.InStatus(ComplaintStatus.Closed).State));
    }
}
