using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Hosting.Notifications;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;

namespace Lapor.Grains.Tests.Notifications;

/// <summary>
/// The silo's own dispatcher delivering to a real webhook receiver on loopback that refuses on purpose, with the fake
/// clock driven in small steps: when each retry comes, which event waits for which, and when a row is set aside.
/// </summary>
[Collection(NotificationCollection.Name)]
public sealed class NotificationRetryTests(NotificationClusterFixture fixture) : EngineTestBase(fixture), IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private static readonly string[] Events = ["routed", "reporter-replied"];

    private readonly WebhookReceiver _receiver = new();
    private AdoNetNotificationStore _store = null!;
    private IndexDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _receiver.Now = () => Clock.GetUtcNow();
        await _receiver.StartAsync();
        _database = new IndexDatabase(new LaporStorageOptions { Provider = LaporStorageProvider.Sqlite, ConnectionString = Fixture.ConnectionString });
        _store = new AdoNetNotificationStore(_database, new NotificationSignal(), time: Clock);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_webhook_is_retried_at_exponential_backoff_within_jitter_with_one_event_id_and_the_next_event_waits_its_turn()
    {
        var (agency, code) = await RoutedAndRepliedAsync(failFirst: 3);

        await DriveAsync(code, () => _receiver.Accepted.Count >= 2, TimeSpan.FromMinutes(3));

        var calls = _receiver.Calls;
        var routed = calls.Where(c => Type(c) == "lapor.routed").ToList();
        Assert.Equal([500, 500, 500, 200], routed.Select(c => c.Status));
        Assert.Single(routed.Select(c => c.Id).Distinct()); // every try of the event carries its one id
        AssertBackoff(routed);

        // The reply's event was recorded before the routed one got through, yet never went out ahead of it.
        var replied = Assert.Single(calls, c => Type(c) == "lapor.reporter-replied");
        Assert.Equal(200, replied.Status);
        Assert.NotEqual(routed[0].Id, replied.Id);
        Assert.Equal(calls.Count - 1, calls.ToList().IndexOf(replied));
        Assert.True(replied.At >= routed[^1].At);
        Assert.All(calls, c => Assert.True(c.SignatureValid, "signature"));
        Assert.All(calls, c => Assert.Equal(code, c.Json["data"]!["trackingCode"]!.GetValue<string>()));

        var rows = await RowsAsync(code);
        Assert.Equal([(DeliveryState.Delivered, 4L), (DeliveryState.Delivered, 1L)], rows.Select(r => (r.State, r.Attempts)));
        Assert.Empty((await _store.DeadAsync(agency, null, 10)).Items);
    }

    [Fact]
    public async Task A_webhook_refused_max_attempts_times_is_set_aside_dead_with_its_last_error_and_the_next_event_then_goes_out()
    {
        var max = NotificationClusterFixture.MaxAttempts;
        var (agency, code) = await RoutedAndRepliedAsync(failFirst: max);

        // Drive the clock only until the last refused try; from then on it stands still.
        await DriveAsync(code, () => _receiver.Calls.Count(c => Type(c) == "lapor.routed") >= max, TimeSpan.FromMinutes(4));
        var stopped = Now;
        await Eventually.WaitAsync(() => Task.FromResult(_receiver.Accepted.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the reply's event");
        await TryFinishedAsync(code);

        var calls = _receiver.Calls;
        var routed = calls.Where(c => Type(c) == "lapor.routed").ToList();
        Assert.Equal(Enumerable.Repeat(500, max), routed.Select(c => c.Status));
        Assert.Single(routed.Select(c => c.Id).Distinct());
        AssertBackoff(routed);

        var dead = Assert.Single((await _store.DeadAsync(agency, null, 10)).Items);
        Assert.Equal(routed[0].Id, dead.EventId);
        Assert.Equal(code, dead.ComplaintId);
        Assert.Equal("routed", dead.Event);
        Assert.Equal(max, dead.Attempts);
        Assert.Equal("HTTP 500", dead.LastError);

        // Set aside, the dead row no longer holds the complaint's line: the reply's event follows at once, with no move
        // of the clock after the drive stopped (the last try may have landed just before the drive's final step).
        var replied = Assert.Single(calls, c => Type(c) == "lapor.reporter-replied");
        Assert.Equal(200, replied.Status);
        Assert.Equal(stopped, replied.At);
        Assert.InRange(replied.At - routed[^1].At, TimeSpan.Zero, Step);

        // And the dead row is not tried again, however long the clock runs.
        await DriveAsync(code, () => false, TimeSpan.FromMinutes(2));
        Assert.Equal(max + 1, _receiver.Calls.Count);
        var rows = await RowsAsync(code);
        Assert.Equal([(DeliveryState.Dead, (long)max), (DeliveryState.Delivered, 1L)], rows.Select(r => (r.State, r.Attempts)));
    }

    /// <summary>
    /// The n-th retry comes no sooner than 0.75 × base × 2^(n−1) after the try before (the scheduled delay's lower
    /// jitter bound) and no later than 1.25 × that plus one poll and two clock steps (the dispatcher looks again on
    /// its next poll; a try may straddle a step).
    /// </summary>
    private static void AssertBackoff(List<WebhookReceiver.Call> tries)
    {
        var slack = NotificationClusterFixture.PollInterval + Step + Step;
        for (var n = 1; n < tries.Count; n++)
        {
            var nominal = NotificationClusterFixture.RetryBaseDelay * Math.Pow(2, n - 1);
            var gap = tries[n].At - tries[n - 1].At;
            Assert.True(gap >= nominal * 0.75 - TimeSpan.FromMilliseconds(1) && gap <= nominal * 1.25 + slack,
                $"retry {n} came {gap.TotalSeconds:F2} s after the try before; back-off {nominal.TotalSeconds} s ±25 % allows "
                + $"{(nominal * 0.75).TotalSeconds:F2}..{(nominal * 1.25 + slack).TotalSeconds:F2} s");
        }
    }

    /// <summary>
    /// A fresh agency subscribed to <see cref="Events"/> at the receiver, which refuses its first
    /// <paramref name="failFirst"/> calls; a complaint routed to it and then replied to by the reporter, so two events
    /// of one complaint wait in line. Returns once the first try has been made and recorded.
    /// </summary>
    private async Task<(string Agency, string Code)> RoutedAndRepliedAsync(int failFirst)
    {
        var tree = await DefineTreeAsync(Short(verification: 60));
        var secret = WebhookSender.NewSecret();
        _receiver.Trust(secret);
        _receiver.FailNext(failFirst);
        await _store.SaveSubscriptionAsync(new Subscription("sub-" + NewSuffix(), tree.City, SubscriptionKind.Webhook, _receiver.Url.ToString(), Events,
            [new SubscriptionSecret("sec-" + NewSuffix(), secret, Now, null)], true, Now, Now));

        var code = await SubmitAsync(null);
        await ExecuteAsync(code, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(code, new ReplyAction("Mohon segera ditangani, sudah makin parah."), Actor.Reporter);

        // The first try goes out as soon as the event is recorded (the silo wakes its dispatcher), on the same instant.
        await Eventually.WaitAsync(() => Task.FromResult(_receiver.Calls.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the first try");
        await TryFinishedAsync(code);
        Assert.Equal(2, (await RowsAsync(code)).Count);
        return (tree.City, code);
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="done"/> or <paramref name="limit"/>, letting each try finish before the next step.</summary>
    private async Task DriveAsync(string code, Func<bool> done, TimeSpan limit)
    {
        var end = Now + limit;
        while (!done() && Now < end)
        {
            Clock.Advance(Step);
            await Task.Delay(10);
            await TryFinishedAsync(code);
        }
    }

    /// <summary>Waits (real time, bounded) until no row of the complaint is held under a lease: a claimed try has finished.</summary>
    private async Task TryFinishedAsync(string code) =>
        await Eventually.WaitAsync(() => RowsAsync(code), rows => rows.All(r => r.State != DeliveryState.Pending || r.LeaseOwner.Length == 0),
            TimeSpan.FromSeconds(10), "the try in flight to finish", TimeSpan.FromMilliseconds(5));

    private sealed record Row(long Seq, string Event, DeliveryState State, long Attempts, string LeaseOwner, long NextMs, string LastError);

    private async Task<List<Row>> RowsAsync(string code)
    {
        await using var connection = new SqliteConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, event, state, attempts, lease_owner, next_ms, last_error FROM lapor_notification WHERE complaint_id = $c ORDER BY seq";
        command.Parameters.AddWithValue("$c", code);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), (DeliveryState)reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetInt64(5), reader.GetString(6)));
        }

        return rows;
    }

    private static string Type(WebhookReceiver.Call call) => call.Json["type"]!.GetValue<string>();
}
