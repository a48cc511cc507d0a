using Lapor.Domain.Notifications;
using Lapor.Grains.Indexes;
using Lapor.Grains.Notifications;
using Lapor.Hosting.Notifications;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Tests.Notifications;

/// <summary>
/// The cluster's one notification purge (every minute in this fixture, the default retention of 90 days): at its tick
/// the finished rows past the retention leave <c>lapor_notification</c> and are counted, pending ones stay, and its
/// reminder is named by its period so that a silo start does not move it.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class NotificationPurgeTests(EngineClusterFixture fixture) : EngineTestBase(fixture), IAsyncLifetime
{
    private IndexDatabase _database = null!;

    /// <summary>A store that keeps every row and records events ten years old, to write rows as the table holds them after months.</summary>
    private AdoNetNotificationStore _keeper = null!;

    public Task InitializeAsync()
    {
        _database = new IndexDatabase(new LaporStorageOptions { Provider = LaporStorageProvider.Sqlite, ConnectionString = Fixture.ConnectionString });
        _keeper = new AdoNetNotificationStore(_database, new NotificationSignal(), Options.Create(new NotificationOptions { PurgeFinished = false, Retention = TimeSpan.FromDays(3650) }), Clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task At_its_tick_the_purge_deletes_finished_rows_past_their_retention_and_leaves_waiting_and_recent_ones()
    {
        var old = Now - TimeSpan.FromDays(92);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] complaints = [$"LPR-OLD-SENT-{suffix}", $"LPR-OLD-WAITING-{suffix}", $"LPR-NEW-SENT-{suffix}"];
        await RecordSmsAsync(complaints[0], old);
        await RecordSmsAsync(complaints[1], old);
        await RecordSmsAsync(complaints[2], Now);
        // No silo here sends SMS: only this test claims these rows.
        var claimed = await _keeper.ClaimAsync("test", ["sms"], 10, Now, TimeSpan.FromMinutes(1));
        foreach (var row in claimed.Where(r => r.ComplaintId != complaints[1]))
        {
            Assert.True(await _keeper.FinishAsync(row.Seq, "test", DeliveryState.Delivered, "", Now));
        }

        using var purged = new InstrumentTotal(NotificationMetrics.MeterName, "lapor.notifications.purged");

        await AdvanceToAsync(Now + TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));

        var left = await WaitUntilAsync(() => RowsOfAsync(complaints), rows => !rows.Contains(complaints[0]), "the old delivered row purged");
        Assert.Equal([complaints[2], complaints[1]], left); // by code: the recent delivered row and the old one still waiting
        Assert.Equal(1, await WaitUntilAsync(() => Task.FromResult(purged.Total), total => total > 0, "the purge counted"));
    }

    [Fact]
    public async Task The_purge_is_one_reminder_named_by_its_period_and_a_silo_start_does_not_move_it()
    {
        var purge = Grains.GetGrain<INotificationPurgeGrain>(0);
        var before = await PurgeRemindersAsync();

        Clock.Advance(TimeSpan.FromSeconds(10));
        await purge.Start(TimeSpan.FromMinutes(1));
        await purge.Start(TimeSpan.FromMinutes(1));

        Assert.StartsWith("purge-60s|", Assert.Single(before), StringComparison.Ordinal);
        Assert.Equal(before, await PurgeRemindersAsync());
    }

    private Task RecordSmsAsync(string complaintId, DateTimeOffset at) =>
        _keeper.RecordDirectAsync(new DirectNotification($"sms:{complaintId}:received", "sms", NotificationKinds.SmsAnswer, complaintId, 1,
            "+6281234567890", "LAPOR!: Laporan Anda diterima.", at));

    private async Task<List<string>> RowsOfAsync(string[] complaints) =>
        [.. (await SqliteReads.TextAsync(Fixture.ConnectionString, "SELECT complaint_id FROM lapor_notification ORDER BY complaint_id"))
            .Where(complaints.Contains)];

    private Task<List<string>> PurgeRemindersAsync() => SqliteReads.TextAsync(Fixture.ConnectionString,
        "SELECT reminder_name || '|' || start_time FROM lapor_reminders WHERE grain_id LIKE '%notificationpurge%' ORDER BY reminder_name");
}
