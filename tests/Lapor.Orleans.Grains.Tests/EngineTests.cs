using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains.Calendar;
using Lapor.Grains.Complaints;

namespace Lapor.Grains.Tests;

/// <summary>Reminder ticks called directly, inboxes and counters, the public feed, durability and the calendar.</summary>
[Collection(EngineCollection.Name)]
public sealed class EngineTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls the complaint's reminder entry point the way the reminder service does: the complaint grain implements
    /// <see cref="IRemindable"/>, itself a grain interface, so a reference cast to it reaches ReceiveReminder.
    /// </summary>
    private Task Tick(string id) =>
        Complaint(id).AsReference<IRemindable>().ReceiveReminder("deadline",
            new TickStatus(Now.UtcDateTime, TimeSpan.FromMinutes(1), Now.UtcDateTime));

    [Fact]
    public async Task Duplicate_early_and_late_reminder_ticks_change_nothing_they_should_not()
    {
        var tree = await DefineTreeAsync(DeadlineTests.Short(verification: 10, escalated: 4));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);
        var submitted = await StaffView(id);

        // Early: nothing is due yet.
        await Tick(id);
        await Tick(id);
        var early = await StaffView(id);
        Assert.Equal(submitted.Version, early.Version);
        Assert.Equal(submitted.Timeline.ToArray(), early.Timeline.ToArray());

        // Twice at the same instant, just past the 50 % point (the real reminder may also fire at this instant).
        Clock.SetUtcNow(start + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await Tick(id);
        var first = await StaffView(id);
        await Tick(id);
        var second = await SettleAsync(id);
        Assert.Equal(submitted.Version + 1, first.Version);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.Timeline.ToArray(), second.Timeline.ToArray());
        Assert.Equal(1, Count(second, "warning-50"));

        // Late: one jump far beyond the 75 % point, the due time and what the next holders would get, then a tick
        // at once. One level only, the skipped 75 % warning dropped, and the fresh deadline starts now.
        var late = start + TimeSpan.FromMinutes(60);
        Clock.SetUtcNow(late);
        await Tick(id);
        await Tick(id);
        var after = await SettleAsync(id);
        Assert.Equal(1, Count(after, "escalated"));
        Assert.Equal(0, Count(after, "warning-75"));
        Assert.Equal(second.Version + 1, after.Version);
        Assert.Equal(tree.City, after.Deadline!.HolderAgencyId);
        Assert.Equal(late, after.Deadline.StartedAt);
        Assert.Equal(late + TimeSpan.FromMinutes(4), after.Deadline.DueAt);
        var record = Assert.Single(await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Length == 1, "the escalation record"));
        Assert.Equal(late, record.At);
        Assert.Equal(start + TimeSpan.FromMinutes(10), record.MissedDueAt);
        Assert.Equal(1, (await Agency(tree.Unit).GetSummary())!.Counters.Breached);
    }

    [Fact]
    public async Task Inbox_lists_the_complaint_at_unit_and_agency_until_closed_and_counters_add_up()
    {
        var tree = await DefineTreeAsync(DeadlineTests.Short());
        var id = await SubmitAsync(null);
        await ExecuteAsync(id, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(id, new RouteToUnitAction(tree.Unit, "Mohon segera ditindaklanjuti."), AdminOf(tree.City));

        foreach (var agency in new[] { tree.City, tree.Unit })
        {
            var page = await InboxOf(agency, 10);
            var item = Assert.Single(page.Items);
            Assert.Equal(1, page.Total);
            Assert.Equal(id, item.ComplaintId);
            Assert.Equal(InboxRole.Primary, item.Role);
            Assert.Equal(DeadlineStep.FirstResponse, item.Step);
        }

        Assert.Equal(0, (await InboxOf(tree.Province, 10)).Total);

        await ExecuteAsync(id, new FollowUpAction("Sedang ditinjau."), OfficerOf(tree.Unit));
        Assert.Equal(DeadlineStep.Resolution, (await InboxOf(tree.Unit, 10)).Items.Single().Step);
        await ExecuteAsync(id, new ResolveAction("Selesai diperbaiki."), OfficerOf(tree.Unit));
        var closed = await ExecuteAsync(id, new ConfirmAction(5, "Terima kasih."), Actor.Reporter);
        Assert.Equal(ComplaintStatus.Closed, closed.Status);

        foreach (var agency in new[] { tree.City, tree.Unit })
        {
            Assert.Equal(0, (await InboxOf(agency, 10)).Total);
            var summary = (await Agency(agency).GetSummary())!;
            Assert.Equal(new AgencyCounters(Received: 1, FollowedUp: 1, Resolved: 1, Breached: 0, Escalated: 0), summary.Counters);
            Assert.Equal(0, summary.ActiveComplaints);
        }

        Assert.Equal(AgencyCounters.Zero, (await Agency(tree.Province).GetSummary())!.Counters);
    }

    [Fact]
    public async Task Public_feed_lists_a_routed_public_complaint_and_never_a_confidential_one()
    {
        var tree = await DefineTreeAsync(DeadlineTests.Short());
        var open = await SubmitAsync(null);
        var secret = await SubmitAsync(null, confidential: true);
        var feed = Grains.GetGrain<IPublicFeedGrain>(IPublicFeedGrain.Key);

        // Submitted (not yet verified) complaints are not published.
        Assert.Equal(0, (await feed.List(0, 50, tree.City)).Total);

        await ExecuteAsync(open, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(secret, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(secret, new FollowUpAction("Ditangani."), OfficerOf(tree.City));

        var page = await feed.List(0, 50, tree.City);
        var item = Assert.Single(page.Items);
        Assert.Equal(open, item.Id);
        Assert.Equal(ComplaintStatus.Routed, item.Status);
        Assert.Equal(tree.City, item.AgencyId);
        Assert.DoesNotContain((await feed.List(0, 2000, null)).Items, i => i.Id == secret);
        Assert.Null(await Complaint(secret).View(Viewer.Public));
        Assert.NotNull(await Complaint(open).View(Viewer.Public));

        // Marking it confidential at verification also keeps it out.
        var marked = await SubmitAsync(null);
        await ExecuteAsync(marked, new RouteAction(tree.City, ResolutionClass.Light, null, null, Confidential: true), NationalAdmin);
        Assert.Equal([open], (await feed.List(0, 50, tree.City)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task State_and_pending_reminder_survive_deactivation_and_the_escalation_still_fires()
    {
        var tree = await DefineTreeAsync(DeadlineTests.Short(verification: 10));
        var id = await SubmitAsync(tree.Unit);
        await AdvanceAsync(TimeSpan.FromMinutes(6), Step);
        var before = await WaitUntilAsync(() => StaffView(id), v => Count(v, "warning-50") == 1, "the 50 % warning");
        before = await SettleAsync(id);

        await Fixture.Cluster.DeactivateAsync(Complaint(id));

        // Reading reactivates it from SQLite: the same version and timeline.
        var reloaded = await StaffView(id);
        Assert.Equal(before.Version, reloaded.Version);
        Assert.Equal(before.Timeline.ToArray(), reloaded.Timeline.ToArray());
        Assert.Equal(before.Deadline, reloaded.Deadline);

        // Deactivate again and leave it deactivated: only the stored reminder can wake it up.
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceAsync(TimeSpan.FromMinutes(5), Step);
        await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Any(r => r.ComplaintId == id), "the escalation notice to the city");
        var view = await StaffView(id);
        Assert.Equal(1, Count(view, "warning-75"));
        Assert.Equal(1, Count(view, "escalated"));
        Assert.Equal(tree.City, view.Deadline!.HolderAgencyId);
    }

    [Fact]
    public async Task State_and_pending_reminder_survive_a_silo_restart_on_the_same_SQLite_folder()
    {
        var tree = await DefineTreeAsync(DeadlineTests.Short(verification: 10));
        var id = await SubmitAsync(tree.Unit);
        await AdvanceAsync(TimeSpan.FromMinutes(6), Step);
        var before = await WaitUntilAsync(() => StaffView(id), v => Count(v, "warning-50") == 1, "the 50 % warning");
        before = await SettleAsync(id);

        var silo = Assert.Single(Fixture.Cluster.Silos);
        await Fixture.Cluster.RestartSiloAsync(silo);
        await Fixture.Cluster.WaitForLivenessToStabilizeAsync();

        // A new process-level silo: nothing in memory, everything from the database (state and reminder rows).
        var reloaded = await WaitUntilAsync(async () =>
        {
            try
            {
                return await StaffView(id);
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
            {
                return null;
            }
        }, v => v is not null, "the complaint after the restart", TimeSpan.FromSeconds(30));
        Assert.Equal(before.Version, reloaded!.Version);
        Assert.Equal(before.Timeline.ToArray(), reloaded.Timeline.ToArray());

        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceAsync(TimeSpan.FromMinutes(5), Step);
        await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Any(r => r.ComplaintId == id), "the escalation after the restart");
        var view = await StaffView(id);
        Assert.Equal(1, Count(view, "warning-75"));
        Assert.Equal(1, Count(view, "escalated"));
    }

    [Fact]
    public async Task Calendar_replacement_for_2027_is_returned_by_GetYears()
    {
        var calendar = Grains.GetGrain<ICalendarGrain>(ICalendarGrain.Key);
        var before = await calendar.GetYears();
        Assert.DoesNotContain(before.Years, y => y.Year == 2027);
        Assert.Contains(before.Years, y => y.Year == 2026);

        var year = new HolidayYear(2027,
        [
            new Holiday(new DateOnly(2027, 1, 1), HolidayKind.NationalHoliday, "Tahun Baru 2027 Masehi"),
            new Holiday(new DateOnly(2027, 8, 17), HolidayKind.NationalHoliday, "Hari Kemerdekaan Republik Indonesia"),
            new Holiday(new DateOnly(2027, 12, 24), HolidayKind.CutiBersama, "Cuti Bersama Hari Raya Natal"),
        ], "SKB 3 Menteri 2027 (uji)");
        var returned = await calendar.ReplaceYear(year);
        Assert.Equal(before.Version + 1, returned.Version);

        var after = await calendar.GetYears();
        Assert.Equal(returned.Version, after.Version);
        var stored = Assert.Single(after.Years, y => y.Year == 2027);
        Assert.Equal(year.Source, stored.Source);
        Assert.Equal(year.Days.ToArray(), stored.Days.ToArray());
        Assert.Equal(before.Years.Select(y => y.Year).Append(2027).Order(), after.Years.Select(y => y.Year));

        // Survives deactivation (real storage).
        await Fixture.Cluster.DeactivateAsync(calendar);
        Assert.Equal(year.Days.ToArray(), Assert.Single((await calendar.GetYears()).Years, y => y.Year == 2027).Days.ToArray());
    }
}
