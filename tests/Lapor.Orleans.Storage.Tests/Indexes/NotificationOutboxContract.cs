using Lapor.Domain.Notifications;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Notifications;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lapor.Storage.Tests.Indexes;

/// <summary>
/// The notification table's rules on both databases: an event is stored once per receiver however often it is
/// recorded, fans out to the agency's matching subscriptions only, is claimed by one dispatcher at a time in order per
/// complaint and receiver, comes free when a lease ends, and goes dead and back by hand.
/// </summary>
public abstract class NotificationOutboxContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Webhooks = ["webhook"];
    private static readonly TimeSpan Retention = new NotificationOptions().Retention;
    private IndexDatabase? _database;
    private readonly NotificationSignal _signal = new();
    private readonly FakeTimeProvider _clock = new(Now);

    protected AdoNetNotificationStore Store { get; private set; } = null!;

    protected abstract Task<LaporStorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        var options = await CreateStorageAsync();
        await SchemaInstaller.ApplyAsync(options);
        _database = new IndexDatabase(options);
        Store = new AdoNetNotificationStore(_database, _signal, Options.Create(new NotificationOptions()), _clock);
    }

    public virtual async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _signal.Dispose();
    }

    private async Task SubscribeAsync(string id, string agency, params string[] events) =>
        await Store.SaveSubscriptionAsync(new Subscription(id, agency, SubscriptionKind.Webhook, "https://hooks.example.org/" + id, events,
            [new SubscriptionSecret("s1", WebhookSender.NewSecret(), Now, null)], true, Now, Now));

    private static NotificationEvent Event(string kind, string agency, int version) =>
        new(kind, agency, version, Now, $"{{\"type\":\"{kind}\",\"version\":{version}}}", null);

    protected async Task Recording_twice_stores_each_event_once_per_matching_subscription()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Routed, NotificationKinds.Breach);
        await SubscribeAsync("sub-b", "dinas-a", NotificationKinds.Breach);
        await SubscribeAsync("sub-c", "dinas-b", NotificationKinds.Routed);
        NotificationEvent[] events = [Event(NotificationKinds.Routed, "dinas-a", 2), Event(NotificationKinds.Breach, "dinas-a", 3)];
        await Store.RecordAsync("LPR-1", events);
        await Store.RecordAsync("LPR-1", events); // a crash before the outbox was emptied: recorded again

        var claimed = new List<ClaimedDelivery>();
        for (var round = 0; round < 4; round++)
        {
            var batch = await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1));
            foreach (var d in batch)
            {
                await Store.FinishAsync(d.Seq, "silo-1", DeliveryState.Delivered, "", Now);
            }

            claimed.AddRange(batch);
        }

        Assert.Equal(3, claimed.Count); // routed→sub-a, breach→sub-a, breach→sub-b; nothing for dinas-b
        Assert.Equal(2, claimed.Count(d => d.SubscriptionId == "sub-a"));
        Assert.Equal([NotificationKinds.Routed, NotificationKinds.Breach], claimed.Where(d => d.SubscriptionId == "sub-a").Select(d => d.Event));
        Assert.Single(claimed.Select(d => d.EventId).Distinct(), id => claimed.Count(x => x.EventId == id) == 2); // one event, two receivers, one id
    }

    protected async Task A_leased_row_is_nobody_elses_until_its_lease_ends_and_later_rows_wait_their_turn()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Routed, NotificationKinds.ReporterReplied);
        await Store.RecordAsync("LPR-2", [Event(NotificationKinds.Routed, "dinas-a", 2), Event(NotificationKinds.ReporterReplied, "dinas-a", 3)]);

        var first = Assert.Single(await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1)));
        Assert.Equal(NotificationKinds.Routed, first.Event);
        Assert.Empty(await Store.ClaimAsync("silo-2", Webhooks, 10, Now.AddSeconds(30), TimeSpan.FromMinutes(1)));

        // silo-1 died: after its lease another silo takes the same row (at least once), still before the later one.
        var again = Assert.Single(await Store.ClaimAsync("silo-2", Webhooks, 10, Now.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(2, again.Attempts);
        Assert.False(await Store.FinishAsync(first.Seq, "silo-1", DeliveryState.Delivered, "", Now.AddMinutes(2))); // lost its lease
        Assert.True(await Store.FinishAsync(again.Seq, "silo-2", DeliveryState.Delivered, "", Now.AddMinutes(2)));
        var next = Assert.Single(await Store.ClaimAsync("silo-2", Webhooks, 10, Now.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.Equal(NotificationKinds.ReporterReplied, next.Event);
    }

    protected async Task A_retry_waits_for_its_time_a_dead_row_is_listed_and_redelivered_by_hand()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Breach);
        await Store.RecordAsync("LPR-3", [Event(NotificationKinds.Breach, "dinas-a", 4)]);
        var row = Assert.Single(await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1)));
        Assert.True(await Store.RetryAsync(row.Seq, "silo-1", "HTTP 503", Now.AddSeconds(20)));
        Assert.Empty(await Store.ClaimAsync("silo-1", Webhooks, 10, Now.AddSeconds(19), TimeSpan.FromMinutes(1)));
        row = Assert.Single(await Store.ClaimAsync("silo-1", Webhooks, 10, Now.AddSeconds(20), TimeSpan.FromMinutes(1)));
        Assert.True(await Store.FinishAsync(row.Seq, "silo-1", DeliveryState.Dead, "HTTP 500", Now.AddSeconds(21)));

        var page = await Store.DeadAsync("dinas-a", null, 10);
        var dead = Assert.Single(page.Items);
        Assert.Equal(("HTTP 500", 2), (dead.LastError, dead.Attempts));
        Assert.Empty((await Store.DeadAsync("dinas-b", null, 10)).Items);
        Assert.False(await Store.RedeliverAsync(dead.Id, "dinas-b", Now.AddMinutes(1)));
        Assert.True(await Store.RedeliverAsync(dead.Id, "dinas-a", Now.AddMinutes(1)));
        Assert.Equal(dead.Id, Assert.Single(await Store.ClaimAsync("silo-1", Webhooks, 10, Now.AddMinutes(1), TimeSpan.FromMinutes(1))).Seq);
    }

    protected async Task A_round_of_deliveries_is_finished_in_one_go_but_only_where_the_lease_is_still_held()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Breach, NotificationKinds.Escalated);
        for (var i = 0; i < 3; i++)
        {
            await Store.RecordAsync($"LPR-R{i}", [Event(NotificationKinds.Breach, "dinas-a", 2), Event(NotificationKinds.Escalated, "dinas-a", 3)]);
        }

        var round = await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1));
        Assert.Equal(3, round.Count); // the first of each complaint; the escalations wait their turn
        Assert.Equal(3, await Store.FinishDeliveredAsync([.. round.Select(r => r.Seq)], "silo-1", Now));
        Assert.Equal(0, await Store.FinishDeliveredAsync([.. round.Select(r => r.Seq)], "silo-1", Now)); // already done

        var next = await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1));
        Assert.Equal([NotificationKinds.Escalated], next.Select(r => r.Event).Distinct());
        Assert.Equal(3, next.Count);
        // silo-1 stalled past its lease and silo-2 took one row back: silo-1's late finish counts only the two it still holds.
        var retaken = Assert.Single(await Store.ClaimAsync("silo-2", Webhooks, 1, Now.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.Equal(2, await Store.FinishDeliveredAsync([.. next.Select(r => r.Seq)], "silo-1", Now.AddMinutes(2)));
        Assert.True(await Store.FinishAsync(retaken.Seq, "silo-2", DeliveryState.Delivered, "", Now.AddMinutes(2)));
        Assert.Empty(await Store.ClaimAsync("silo-2", Webhooks, 10, Now.AddMinutes(5), TimeSpan.FromMinutes(1)));
    }

    protected async Task Dead_rows_page_newest_first_without_gaps_or_repeats()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Breach);
        for (var i = 0; i < 7; i++)
        {
            await Store.RecordAsync($"LPR-P{i}", [Event(NotificationKinds.Breach, "dinas-a", 2)]);
        }

        foreach (var row in await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1)))
        {
            await Store.FinishAsync(row.Seq, "silo-1", DeliveryState.Dead, "HTTP 500", Now);
        }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Store.DeadAsync(null, cursor is null ? null : long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture), 3);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
    }

    protected async Task Forgetting_the_reporter_blanks_their_messages_drops_what_waits_and_leaves_the_agencies_rows()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Routed);
        NotificationEvent ToReporter(string kind, int version, string email) =>
            new(kind, "", version, Now, $"{{\"to\":\"{email}\",\"version\":{version}}}", email);
        await Store.RecordAsync("LPR-F", [Event(NotificationKinds.Routed, "dinas-a", 2), ToReporter(NotificationKinds.StatusChanged, 2, "siti@example.id"),
            ToReporter(NotificationKinds.StatusChanged, 3, "siti@example.id")]);
        await Store.RecordDirectAsync(new DirectNotification("sms:LPR-F:received", "sms", NotificationKinds.SmsAnswer, "LPR-F", 1, "+6281234567890",
            "LAPOR!: Laporan Anda diterima.", Now));
        await Store.RecordAsync("LPR-G", [ToReporter(NotificationKinds.StatusChanged, 2, "budi@example.id")]);
        var sent = (await Store.ClaimAsync("silo-1", ["email"], 10, Now, TimeSpan.FromMinutes(1))).Single(d => d.ComplaintId == "LPR-F");
        Assert.True(await Store.FinishAsync(sent.Seq, "silo-1", DeliveryState.Delivered, "", Now));
        var before = await RowsAsync();

        await Store.ForgetReporterAsync("LPR-F");
        await Store.ForgetReporterAsync("LPR-F");

        var after = await RowsAsync();
        Assert.Equal(before.Where(r => r.Complaint != "LPR-F" || r.Key == "sub-a"), after.Where(r => r.Complaint != "LPR-F" || r.Key == "sub-a"));
        var forgotten = after.Where(r => r.Complaint == "LPR-F" && r.Key != "sub-a").ToList();
        Assert.Equal(3, forgotten.Count);
        Assert.All(forgotten, r => Assert.Equal(("", "", ""), (r.Target, r.Payload, r.Error)));
        Assert.All(forgotten, r => Assert.StartsWith("erased:", r.Key, StringComparison.Ordinal));
        Assert.Equal([(long)DeliveryState.Delivered, (long)DeliveryState.Dropped, (long)DeliveryState.Dropped], forgotten.Select(r => r.State));
        Assert.DoesNotContain(after, r => r.Complaint == "LPR-F" && (r.Target + r.Key + r.Payload).Contains("siti", StringComparison.Ordinal));
        Assert.DoesNotContain(await Store.ClaimAsync("silo-1", ["email", "sms"], 10, Now.AddMinutes(5), TimeSpan.FromMinutes(1)),
            d => d.ComplaintId == "LPR-F");
    }

    protected async Task Finished_rows_go_a_day_after_their_retention_pending_rows_stay_and_a_purged_event_is_never_recorded_again()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Routed, NotificationKinds.Breach, NotificationKinds.ReporterReplied);
        NotificationEvent[] events = [Event(NotificationKinds.Routed, "dinas-a", 2), Event(NotificationKinds.Breach, "dinas-a", 3),
            Event(NotificationKinds.ReporterReplied, "dinas-a", 4)];
        await Store.RecordAsync("LPR-P", events);
        var delivered = Assert.Single(await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1)));
        Assert.True(await Store.FinishAsync(delivered.Seq, "silo-1", DeliveryState.Delivered, "", Now));
        var dead = Assert.Single(await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1)));
        Assert.True(await Store.FinishAsync(dead.Seq, "silo-1", DeliveryState.Dead, "HTTP 500", Now));
        await Store.RecordAsync("LPR-Q", [new(NotificationKinds.StatusChanged, "", 2, Now, "{}", "siti@example.id")]);
        await Store.ForgetReporterAsync("LPR-Q"); // its waiting message dropped
        var recorded = await RowsAsync();
        Assert.Equal(4, recorded.Count);

        // Last due at Now: kept until the retention and a day of grace have passed.
        _clock.Advance(Retention + NotificationOptions.PurgeGrace);
        Assert.Equal(0, await Store.PurgeFinishedAsync(10));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await Store.PurgeFinishedAsync(2));
        Assert.Equal(1, await Store.PurgeFinishedAsync(10));
        Assert.Equal(0, await Store.PurgeFinishedAsync(10));
        var left = Assert.Single(await RowsAsync());
        Assert.Equal(("LPR-P", (long)DeliveryState.Pending), (left.Complaint, left.State)); // reporter-replied, still waiting

        // LPR-P wakes with its last change's events still in its stored state: nothing it was told comes back.
        await Store.RecordAsync("LPR-P", events);
        await Store.RecordDirectAsync(new DirectNotification("sms:LPR-P:received", "sms", NotificationKinds.SmsAnswer, "LPR-P", 1, "+6281234567890",
            "LAPOR!: Laporan Anda diterima.", Now));
        Assert.Equal([left], await RowsAsync());

        // A new event is recorded as ever.
        await Store.RecordAsync("LPR-P", [Event(NotificationKinds.Routed, "dinas-a", 5) with { At = _clock.GetUtcNow() }]);
        Assert.Equal(2, (await RowsAsync()).Count);
    }

    protected async Task An_operator_who_switches_the_purge_off_keeps_every_row_and_purged_events_still_do_not_come_back()
    {
        await SubscribeAsync("sub-a", "dinas-a", NotificationKinds.Routed);
        NotificationEvent[] first = [Event(NotificationKinds.Routed, "dinas-a", 2)];
        await Store.RecordAsync("LPR-K", first);
        await Store.RecordAsync("LPR-L", [Event(NotificationKinds.Routed, "dinas-a", 2)]);
        foreach (var sent in await Store.ClaimAsync("silo-1", Webhooks, 10, Now, TimeSpan.FromMinutes(1)))
        {
            Assert.True(await Store.FinishAsync(sent.Seq, "silo-1", DeliveryState.Delivered, "", Now));
        }

        _clock.Advance(Retention + NotificationOptions.PurgeGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Store.PurgeFinishedAsync(1)); // one of the two went before the operator switched it off

        var keeper = new AdoNetNotificationStore(_database!, _signal, Options.Create(new NotificationOptions { PurgeFinished = false }), _clock);
        _clock.Advance(Retention * 3);
        Assert.Equal(0, await keeper.PurgeFinishedAsync(10));
        Assert.Single(await RowsAsync());

        await keeper.RecordAsync("LPR-K", first);
        await keeper.RecordAsync("LPR-L", [Event(NotificationKinds.Routed, "dinas-a", 2)]);
        Assert.Single(await RowsAsync());
        await keeper.RecordAsync("LPR-K", [Event(NotificationKinds.Routed, "dinas-a", 3) with { At = _clock.GetUtcNow() }]);
        Assert.Equal(2, (await RowsAsync()).Count);
    }

    private Task<List<(string Complaint, string Key, string Target, string Payload, long State, string Error)>> RowsAsync() =>
        _database!.ReadAsync(async (connection, ct) =>
        {
            var rows = new List<(string, string, string, string, long, string)>();
            await using var command = IndexDatabase.Command(connection, null,
                "SELECT complaint_id, target_key, target, payload, state, last_error FROM lapor_notification ORDER BY seq");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Convert.ToInt64(reader.GetValue(4),
                    System.Globalization.CultureInfo.InvariantCulture), reader.GetString(5)));
            }

            return rows;
        }, CancellationToken.None);
}

public sealed class SqliteNotificationOutboxTests : NotificationOutboxContract
{
    private readonly TempFolder _folder = new();

    protected override Task<LaporStorageOptions> CreateStorageAsync() => Task.FromResult(_folder.SqliteOptions());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    [Fact] public Task Recording_twice_stores_each_event_once_per_matching_subscription_on_sqlite() => Recording_twice_stores_each_event_once_per_matching_subscription();
    [Fact] public Task A_leased_row_is_nobody_elses_until_its_lease_ends_and_later_rows_wait_their_turn_on_sqlite() => A_leased_row_is_nobody_elses_until_its_lease_ends_and_later_rows_wait_their_turn();
    [Fact] public Task A_retry_waits_for_its_time_a_dead_row_is_listed_and_redelivered_by_hand_on_sqlite() => A_retry_waits_for_its_time_a_dead_row_is_listed_and_redelivered_by_hand();
    [Fact] public Task A_round_of_deliveries_is_finished_in_one_go_but_only_where_the_lease_is_still_held_on_sqlite() => A_round_of_deliveries_is_finished_in_one_go_but_only_where_the_lease_is_still_held();
    [Fact] public Task Dead_rows_page_newest_first_without_gaps_or_repeats_on_sqlite() => Dead_rows_page_newest_first_without_gaps_or_repeats();
    [Fact] public Task Forgetting_the_reporter_blanks_their_messages_drops_what_waits_and_leaves_the_agencies_rows_on_sqlite() => Forgetting_the_reporter_blanks_their_messages_drops_what_waits_and_leaves_the_agencies_rows();
    [Fact] public Task Finished_rows_go_a_day_after_their_retention_pending_rows_stay_and_a_purged_event_is_never_recorded_again_on_sqlite() => Finished_rows_go_a_day_after_their_retention_pending_rows_stay_and_a_purged_event_is_never_recorded_again();
    [Fact] public Task An_operator_who_switches_the_purge_off_keeps_every_row_and_purged_events_still_do_not_come_back_on_sqlite() => An_operator_who_switches_the_purge_off_keeps_every_row_and_purged_events_still_do_not_come_back();
}

public sealed class PostgresNotificationOutboxTests : NotificationOutboxContract
{
    private PostgresTestDatabase? _database;

    protected override async Task<LaporStorageOptions> CreateStorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return _database.Options();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact] public Task Recording_twice_stores_each_event_once_per_matching_subscription_on_postgres() => Recording_twice_stores_each_event_once_per_matching_subscription();
    [PostgresFact] public Task A_leased_row_is_nobody_elses_until_its_lease_ends_and_later_rows_wait_their_turn_on_postgres() => A_leased_row_is_nobody_elses_until_its_lease_ends_and_later_rows_wait_their_turn();
    [PostgresFact] public Task A_retry_waits_for_its_time_a_dead_row_is_listed_and_redelivered_by_hand_on_postgres() => A_retry_waits_for_its_time_a_dead_row_is_listed_and_redelivered_by_hand();
    [PostgresFact] public Task A_round_of_deliveries_is_finished_in_one_go_but_only_where_the_lease_is_still_held_on_postgres() => A_round_of_deliveries_is_finished_in_one_go_but_only_where_the_lease_is_still_held();
    [PostgresFact] public Task Dead_rows_page_newest_first_without_gaps_or_repeats_on_postgres() => Dead_rows_page_newest_first_without_gaps_or_repeats();
    [PostgresFact] public Task Forgetting_the_reporter_blanks_their_messages_drops_what_waits_and_leaves_the_agencies_rows_on_postgres() => Forgetting_the_reporter_blanks_their_messages_drops_what_waits_and_leaves_the_agencies_rows();
    [PostgresFact] public Task Finished_rows_go_a_day_after_their_retention_pending_rows_stay_and_a_purged_event_is_never_recorded_again_on_postgres() => Finished_rows_go_a_day_after_their_retention_pending_rows_stay_and_a_purged_event_is_never_recorded_again();
    [PostgresFact] public Task An_operator_who_switches_the_purge_off_keeps_every_row_and_purged_events_still_do_not_come_back_on_postgres() => An_operator_who_switches_the_purge_off_keeps_every_row_and_purged_events_still_do_not_come_back();
}
