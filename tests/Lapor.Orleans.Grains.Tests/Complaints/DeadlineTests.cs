using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains.Calendar;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>Deadlines driven by real reminders on the fake clock: warnings, escalation, hold, archive, auto-close.</summary>
[Collection(EngineCollection.Name)]
public sealed class DeadlineTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Missed_verification_deadline_escalates_to_the_parent_with_notice_and_counters()
    {
        var tree = await DefineTreeAsync(Short());
        var submittedAt = Now;
        var id = await SubmitAsync(tree.Unit);
        var due = (await StaffView(id)).Deadline!.DueAt;
        Assert.Equal(submittedAt + TimeSpan.FromMinutes(10), due);
        Assert.Equal(1, await ReminderRowsAsync(id));

        await AdvanceAsync(TimeSpan.FromMinutes(11), Step);
        var view = await WaitUntilAsync(() => StaffView(id), v => Count(v, "escalated") == 1, "the escalation");

        var escalated = Single(view, "escalated");
        Assert.True(escalated.At >= due, $"escalated at {escalated.At:O}, due {due:O}");
        Assert.Equal(ComplaintStatus.Submitted, view.Status);
        Assert.Equal(tree.City, view.Deadline!.HolderAgencyId);
        Assert.Equal(1, view.Deadline.Escalations);
        Assert.Equal(escalated.At, view.Deadline.StartedAt);
        Assert.Equal(escalated.At + TimeSpan.FromMinutes(4), view.Deadline.DueAt);

        var record = Assert.Single(await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Length == 1, "the city's escalation record"));
        Assert.Equal(id, record.ComplaintId);
        Assert.Equal(DeadlineStep.Verification, record.Step);
        Assert.Equal(tree.Unit, record.FromAgencyId);
        Assert.Equal(due, record.MissedDueAt);
        Assert.False(record.NationalIntervention);

        var unit = (await Agency(tree.Unit).GetSummary())!.Counters;
        var city = (await Agency(tree.City).GetSummary())!.Counters;
        Assert.Equal(new AgencyCounters(Received: 1, FollowedUp: 0, Resolved: 0, Breached: 1, Escalated: 0), unit);
        Assert.Equal(new AgencyCounters(Received: 0, FollowedUp: 0, Resolved: 0, Breached: 0, Escalated: 1), city);

        // The city now has it in its inbox as an escalation, the unit still as its verification.
        var cityInbox = await InboxOf(tree.City, 10);
        Assert.Equal(InboxRole.Escalated, Assert.Single(cityInbox.Items).Role);
        Assert.Equal(InboxRole.Verification, Assert.Single((await InboxOf(tree.Unit, 10)).Items).Role);
    }

    [Fact]
    public async Task Warnings_at_50_and_75_percent_fire_once_each_and_before_the_escalation()
    {
        var tree = await DefineTreeAsync(Short());
        var start = Now;
        var id = await SubmitAsync(tree.Unit);

        await AdvanceAsync(TimeSpan.FromMinutes(11), Step);
        var view = await WaitUntilAsync(() => StaffView(id), v => Count(v, "escalated") == 1, "the escalation");
        view = await SettleAsync(id);

        var w50 = Single(view, "warning-50");
        var w75 = Single(view, "warning-75");
        var escalated = Single(view, "escalated");
        Assert.True(w50.At >= start + TimeSpan.FromMinutes(5), $"warning-50 at {w50.At:O}");
        Assert.True(w75.At >= start + TimeSpan.FromMinutes(7.5), $"warning-75 at {w75.At:O}");
        Assert.True(w75.At < start + TimeSpan.FromMinutes(10), $"warning-75 at {w75.At:O} came after the due time");
        Assert.True(w50.Sequence < w75.Sequence && w75.Sequence < escalated.Sequence);
        Assert.All([w50, w75], w => Assert.Equal(EntryVisibility.Internal, w.Visibility));

        // Warnings are staff-only: the reporter sees the escalation, not the warnings.
        var reporter = (await Complaint(id).View(Viewer.Reporter))!;
        Assert.DoesNotContain(reporter.Timeline, e => e.Action.StartsWith("warning-", StringComparison.Ordinal));
        Assert.Contains(reporter.Timeline, e => e.Action == "escalated");
    }

    [Fact]
    public async Task Hold_pauses_the_verification_clock_and_supplying_information_moves_the_due_time_by_the_pause()
    {
        var tree = await DefineTreeAsync(Short(verification: 10, holdExpiry: 30));
        var id = await SubmitAsync(tree.Unit);
        var originalDue = (await StaffView(id)).Deadline!.DueAt;

        await AdvanceAsync(TimeSpan.FromMinutes(2), Step);
        var heldAt = Now;
        var held = await ExecuteAsync(id, new HoldAction("Mohon lampirkan foto lokasi."), AdminOf(tree.Unit));
        Assert.Equal(ComplaintStatus.OnHold, held.Status);
        Assert.Equal(DeadlineStep.HoldExpiry, held.Deadline!.Step);

        // Past the original verification due time, well before the hold expires (heldAt + 30 min).
        await AdvanceAsync(TimeSpan.FromMinutes(15), Step);
        var during = await SettleAsync(id);
        Assert.Equal(ComplaintStatus.OnHold, during.Status);
        Assert.Equal(0, Count(during, "escalated"));
        Assert.Equal(0, Count(during, "warning-50"));

        var resumedAt = Now;
        var resumed = await ExecuteAsync(id, new SupplyInformationAction("Foto terlampir."), Actor.Reporter);
        Assert.Equal(ComplaintStatus.Submitted, resumed.Status);
        Assert.Equal(DeadlineStep.Verification, resumed.Deadline!.Step);
        Assert.Equal(originalDue + (resumedAt - heldAt), resumed.Deadline.DueAt);

        // And the resumed clock still runs: it escalates at the moved due time, not before.
        await AdvanceToAsync(resumed.Deadline.DueAt - TimeSpan.FromMinutes(1), Step);
        Assert.Equal(0, Count(await SettleAsync(id), "escalated"));
        await AdvanceAsync(TimeSpan.FromMinutes(2), Step);
        var after = await WaitUntilAsync(() => StaffView(id), v => Count(v, "escalated") == 1, "the escalation after resuming");
        Assert.True(Single(after, "escalated").At >= resumed.Deadline.DueAt);
    }

    [Fact]
    public async Task Hold_with_no_answer_is_archived_when_the_hold_expires()
    {
        var tree = await DefineTreeAsync(Short(holdExpiry: 15));
        var id = await SubmitAsync(tree.Unit);
        var held = await ExecuteAsync(id, new HoldAction("Mohon lengkapi alamat."), AdminOf(tree.Unit));
        var expiry = held.Deadline!.DueAt;

        await AdvanceAsync(TimeSpan.FromMinutes(14), Step);
        Assert.Equal(ComplaintStatus.OnHold, (await SettleAsync(id)).Status);

        await AdvanceAsync(TimeSpan.FromMinutes(2), Step);
        var view = await WaitUntilAsync(() => StaffView(id), v => v.Status == ComplaintStatus.Archived, "archiving");
        var archived = Single(view, "archived");
        Assert.Equal(ActorRole.System, archived.ActorRole);
        Assert.True(archived.At >= expiry);
        Assert.Null(view.Deadline);
        Assert.Equal(0, Count(view, "escalated"));
        await WaitUntilAsync(() => InboxOf(tree.Unit, 10), p => p.Total == 0, "the unit's inbox to empty");
        await AssertReporterDataErasedAsync(id, archived.At);
    }

    [Fact]
    public async Task Resolved_complaint_closes_automatically_after_the_auto_close_limit_of_silence()
    {
        var tree = await DefineTreeAsync(Short(autoClose: 20) with { ReopenWindowDays = 1 });
        var id = await SubmitAsync(null);
        await ExecuteAsync(id, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(id, new RouteToUnitAction(tree.Unit, null), AdminOf(tree.City));
        await ExecuteAsync(id, new FollowUpAction("Tim sudah meninjau lokasi."), OfficerOf(tree.Unit));
        var resolvedAt = Now;
        var resolved = await ExecuteAsync(id, new ResolveAction("Lubang sudah ditambal."), OfficerOf(tree.Unit));
        Assert.Equal(ComplaintStatus.Resolved, resolved.Status);
        Assert.Equal(DeadlineStep.AutoClose, resolved.Deadline!.Step);
        Assert.Equal(resolvedAt + TimeSpan.FromMinutes(20), resolved.Deadline.DueAt);

        await AdvanceAsync(TimeSpan.FromMinutes(19), Step);
        Assert.Equal(ComplaintStatus.Resolved, (await SettleAsync(id)).Status);

        await AdvanceAsync(TimeSpan.FromMinutes(2), Step);
        var view = await WaitUntilAsync(() => StaffView(id), v => v.Status == ComplaintStatus.Closed, "auto-close");
        var closed = Single(view, "auto-closed");
        Assert.True(closed.At >= resolved.Deadline.DueAt);
        Assert.Equal(closed.At, view.ClosedAt);
        await AssertReporterDataErasedAsync(id, closed.At + TimeSpan.FromDays(1));
    }

    /// <summary>
    /// A report final at <paramref name="finalAt"/> has no reminder left, and keeps its reporter with a row in the erasure
    /// index for the fixture's one-hour retention; then the sweep (every minute here) erases the reporter's data and the
    /// row goes.
    /// </summary>
    private async Task AssertReporterDataErasedAsync(string id, DateTimeOffset finalAt)
    {
        var due = finalAt + TimeSpan.FromHours(1);
        await WaitUntilAsync(() => ReminderRowsAsync(id), n => n == 0, "the reminder to be unregistered");
        Assert.Equal(due.ToUnixTimeMilliseconds(), await ErasureRowAsync(id));
        await AdvanceToAsync(due - TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        var kept = await SettleAsync(id);
        Assert.NotNull(kept.Reporter);
        Assert.Equal(0, Count(kept, "reporter-data-erased"));

        await AdvanceToAsync(due + TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        var erased = await WaitUntilAsync(() => StaffView(id), v => Count(v, "reporter-data-erased") == 1, "the reporter's data erased");
        Assert.Null(erased.Reporter);
        Assert.True(Single(erased, "reporter-data-erased").At >= due);
        await WaitUntilAsync(() => ErasureRowAsync(id), at => at is null, "the erasure row to go");
        Assert.Equal(0, await ReminderRowsAsync(id));
    }

    [Fact]
    public async Task Auto_close_with_the_default_10_working_days_closes_after_ten_working_days_not_nine()
    {
        // Only the verification is short; auto-close is inherited from the national default (10 hk).
        var tree = await DefineTreeAsync(new SlaPolicy { FirstResponse = SlaLimit.Minutes(60), ResolutionLight = SlaLimit.Minutes(120) });
        var id = await SubmitAsync(null);
        await ExecuteAsync(id, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        var resolvedAt = Now;
        var resolved = await ExecuteAsync(id, new ResolveAction("Sudah diperbaiki."), OfficerOf(tree.City));
        Assert.Equal(SlaLimit.WorkingDays(10), resolved.Deadline!.Limit);

        // The expectation comes from the calendar the engine uses (holiday-aware), not from the code under test.
        var calendar = new WorkingCalendar((await Grains.GetGrain<ICalendarGrain>(ICalendarGrain.Key).GetYears()).Years);
        var nine = calendar.DeadlineAfter(resolvedAt, 9, AgencyZone.Wib);
        var ten = calendar.DeadlineAfter(resolvedAt, 10, AgencyZone.Wib);
        Assert.Equal(ten, resolved.Deadline.DueAt);
        Assert.True(ten - resolvedAt >= TimeSpan.FromDays(14), "ten working days span at least two weekends");

        await AdvanceToAsync(nine, TimeSpan.FromHours(1));
        Assert.Equal(ComplaintStatus.Resolved, (await SettleAsync(id)).Status);
        await AdvanceToAsync(ten - TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Assert.Equal(ComplaintStatus.Resolved, (await SettleAsync(id)).Status);

        await AdvanceAsync(TimeSpan.FromMinutes(2), Step);
        var view = await WaitUntilAsync(() => StaffView(id), v => v.Status == ComplaintStatus.Closed, "auto-close after 10 hk");
        Assert.True(Single(view, "auto-closed").At >= ten);
    }

    [Fact]
    public async Task Escalation_climbs_unit_city_province_national_then_flags_national_intervention_and_stops()
    {
        var tree = await DefineTreeAsync(Short(verification: 10, escalated: 4));
        var id = await SubmitAsync(tree.Unit);

        // 10 + 4 + 4 + 5 (national's escalated limit) minutes, plus slack.
        var start = Now;
        while (!(await StaffView(id)).NationalIntervention)
        {
            Assert.True(Now - start < TimeSpan.FromMinutes(40), "national intervention within 40 fake minutes");
            await AdvanceAsync(Step, Step);
        }

        var view = await SettleAsync(id);
        var escalations = view.Timeline.Where(e => e.Action == "escalated").ToList();
        Assert.Equal(3, escalations.Count);
        // Each entry names the agencies as people know them, not by their keys.
        var suffix = tree.Unit["unit-".Length..];
        Assert.Contains($"terlewati oleh Dinas {suffix}; dieskalasi ke Kota {suffix} ", escalations[0].Message, StringComparison.Ordinal);
        Assert.Contains($"terlewati oleh Kota {suffix}; dieskalasi ke Provinsi {suffix} ", escalations[1].Message, StringComparison.Ordinal);
        Assert.Contains($"terlewati oleh Provinsi {suffix}; dieskalasi ke Admin Nasional SP4N-LAPOR! (KemenPANRB) ", escalations[2].Message,
            StringComparison.Ordinal);
        Assert.Equal(1, Count(view, "national-intervention"));
        Assert.Equal(AgencyIds.National, view.Deadline!.HolderAgencyId);

        var reporter = (await Complaint(id).View(Viewer.Reporter))!;
        Assert.True(reporter.NationalIntervention);
        var notice = Assert.Single(reporter.Timeline, e => e.Action == "ombudsman-notice");
        Assert.Contains("Ombudsman", notice.Message, StringComparison.Ordinal);

        var national = await WaitUntilAsync(() => Agency(AgencyIds.National).GetEscalations(500),
            e => e.Any(r => r.ComplaintId == id && r.NationalIntervention), "the national intervention record");
        Assert.Single(national, r => r.ComplaintId == id && r.NationalIntervention);
        Assert.Single(national, r => r.ComplaintId == id && !r.NationalIntervention);

        // Nothing further: an exhausted clock never fires again.
        var version = view.Version;
        await AdvanceAsync(TimeSpan.FromMinutes(30), Step);
        var later = await SettleAsync(id);
        Assert.Equal(version, later.Version);
        Assert.Equal(3, Count(later, "escalated"));
        Assert.Equal(1, Count(later, "national-intervention"));
        Assert.Equal(1, Count(later, "ombudsman-notice"));
        Assert.Equal(0, await ReminderRowsAsync(id));
    }
}
