using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;

using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>
/// The engine's auto-close reading: the 10 hk start at an explicit resolution (and restart at a follow-up after it),
/// not at any follow-up. A complaint that only gets follow-ups is never closed by silence; it escalates, saying why.
/// </summary>
public class FollowUpsOnlyTests
{
    private static readonly Actor Officer = Actors.Officer(AgencyTree.KotaMalang);

    [Fact]
    public void Follow_ups_neither_start_an_auto_close_nor_move_the_resolution_deadline()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);
        var resolution = sc.Primary.Track.Clock!;

        sc.Ok(new FollowUpAction("Anggaran sedang diajukan."), Officer);
        sc.Ok(new FollowUpAction("Menunggu kontraktor."), Officer);

        Assert.Null(sc.State.Intake);
        Assert.Equal(resolution, sc.Primary.Track.Clock);
        Assert.Equal(resolution.NextAlarm, sc.NextAlarm);
    }

    [Fact]
    public void A_complaint_that_only_gets_follow_ups_escalates_to_national_intervention_saying_why_and_is_never_auto_closed()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);
        var escalations = new List<TimelineEntry>();

        for (var guard = 0; guard < 50 && sc.NextAlarm is { } alarm; guard++)
        {
            sc.Ok(new FollowUpAction("Masih dikerjakan."), Officer, alarm.AddHours(-1) > sc.Now ? alarm.AddHours(-1) : sc.Now);
            var count = sc.State.Timeline.Count;
            Assert.Equal(Outcome.Applied, sc.Tick(alarm));
            escalations.AddRange(sc.State.Timeline.Skip(count).Where(e => e.Action is "escalated" or "national-intervention"));
        }

        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.DoesNotContain(sc.State.Timeline, e => e.Action == "auto-closed");
        Assert.Equal(["escalated", "escalated", "national-intervention"], escalations.Select(e => e.Action));
        Assert.All(escalations, e => Assert.Contains("sudah ditindaklanjuti tetapi belum diselesaikan", e.Message, StringComparison.Ordinal));
        Assert.Contains(sc.State.Timeline, e => e.Action == "ombudsman-notice" && e.Visibility == EntryVisibility.ReporterAndStaff);
        Assert.True(sc.State.NationalIntervention);
        Assert.Null(sc.NextAlarm);
    }

    [Fact]
    public void Auto_close_counts_ten_working_days_from_the_resolution_and_restarts_at_a_later_follow_up()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);
        sc.Ok(new ResolveAction("Lubang sudah ditambal."), Officer, At("2026-04-06T10:00:00+07:00"));

        Assert.Equal(DeadlineStep.AutoClose, sc.State.Intake!.Clock!.Step);
        // 7–10, 13–17, 20 April.
        Assert.Equal(At("2026-04-21T00:00:00+07:00"), sc.State.Intake.Clock.DueAt);

        sc.Ok(new FollowUpAction("Foto hasil perbaikan terlampir."), Officer, At("2026-04-08T10:00:00+07:00"));

        Assert.Equal(Deadlines.Due(SlaLimit.WorkingDays(10), At("2026-04-08T10:00:00+07:00"), AgencyZone.Wib, Cal), sc.State.Intake!.Clock!.DueAt);
        Assert.Equal(Outcome.Applied, sc.Tick(sc.State.Intake.Clock.DueAt));
        Assert.Equal(("auto-closed", ComplaintStatus.Closed), (sc.State.Timeline[^1].Action, sc.State.Status));
    }
}
