using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lapor.Domain.Notifications;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.Options;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Notifications;

/// <summary>
/// <c>lapor_subscription</c> and <c>lapor_notification</c> (db/*/004_notifications.sql): events in from the complaint's
/// outbox, rows out to the dispatchers under a lease, the dead-letter list and redelivery for admins, and the purge of
/// finished rows past the retention (<see cref="NotificationOptions.Retention"/>).
/// </summary>
public sealed class AdoNetNotificationStore(IndexDatabase database, NotificationSignal signal, IOptions<NotificationOptions>? options = null,
    TimeProvider? time = null) : INotificationOutbox
{
    private readonly NotificationOptions _options = options?.Value ?? new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const string Returned =
        "seq, event_id, complaint_id, version, event, agency_id, channel, subscription_id, target, payload, attempts, max_attempts, created_ms";

    /// <summary>One row per matching active subscription of the agency; a repeat inserts nothing.</summary>
    private const string FanOut = """
        INSERT INTO lapor_notification (event_id, target_key, complaint_id, version, event, agency_id, channel, subscription_id,
                                        target, payload, max_attempts, next_ms, created_ms)
        SELECT @id, s.subscription_id, @c, @v, @e, @a, s.kind, s.subscription_id, '', @p, 0, @now, @now
          FROM lapor_subscription s
         WHERE s.agency_id = @a AND s.active = 1 AND s.events LIKE @pattern
        ON CONFLICT (event_id, target_key) DO NOTHING
        """;

    private const string Direct = """
        INSERT INTO lapor_notification (event_id, target_key, complaint_id, version, event, agency_id, channel, subscription_id,
                                        target, payload, max_attempts, next_ms, created_ms)
        VALUES (@id, @key, @c, @v, @e, '', @channel, '', @target, @p, @max, @now, @now)
        ON CONFLICT (event_id, target_key) DO NOTHING
        """;

    public static string EventId(string key) =>
        "ntf_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    public LaporStorageProvider Provider => database.Provider;

    public Task RecordAsync(string complaintId, IReadOnlyList<NotificationEvent> events, CancellationToken cancellationToken = default)
    {
        var oldest = _options.RecordsFrom(_time.GetUtcNow());
        // Almost always every event is fresh (recorded right after its change): no copy then.
        var recorded = events.All(e => e.At >= oldest) ? events : [.. events.Where(e => e.At >= oldest)];
        return recorded.Count == 0 ? Task.CompletedTask : RecordedAsync(database.WriteFromOutboxAsync(async (connection, transaction, ct) =>
        {
            foreach (var e in recorded)
            {
                var id = EventId($"{complaintId}\n{e.Version}\n{e.Event}\n{e.AgencyId}");
                if (e.AgencyId.Length > 0)
                {
                    await ExecuteAsync(connection, transaction, FanOut, ct, ("id", id), ("c", complaintId), ("v", (long)e.Version),
                        ("e", e.Event), ("a", e.AgencyId), ("p", e.Payload), ("now", Ms(e.At)), ("pattern", $"%,{e.Event},%"));
                }
                else if (e.Email is { Length: > 0 } email)
                {
                    await ExecuteAsync(connection, transaction, Direct, ct, ("id", id), ("key", "email:" + email.ToLowerInvariant()),
                        ("c", complaintId), ("v", (long)e.Version), ("e", e.Event), ("channel", "email"), ("target", email),
                        ("p", e.Payload), ("max", 0L), ("now", Ms(e.At)));
                }
            }

            return true;
        }, cancellationToken));
    }

    public Task RecordDirectAsync(DirectNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.At < _options.RecordsFrom(_time.GetUtcNow()))
        {
            return Task.CompletedTask;
        }

        return RecordedAsync(database.WriteAsync((connection, transaction, ct) => ExecuteAsync(connection, transaction, Direct, ct,
            ("id", EventId(notification.Key)), ("key", notification.Channel + ":" + notification.Target), ("c", notification.ComplaintId),
            ("v", (long)notification.Version), ("e", notification.Event), ("channel", notification.Channel), ("target", notification.Target),
            ("p", notification.Payload), ("max", (long)notification.MaxAttempts), ("now", Ms(notification.At))), cancellationToken));
    }

    public Task ForgetReporterAsync(string complaintId, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction, ct) => ExecuteAsync(connection, transaction, """
            UPDATE lapor_notification
               SET target = '', payload = '', last_error = '', target_key = 'erased:' || seq,
                   state = CASE WHEN state = 0 THEN 3 ELSE state END, lease_owner = '', lease_until_ms = 0
             WHERE complaint_id = @c AND subscription_id = '' AND target_key NOT LIKE 'erased:%'
            """, ct, ("c", complaintId)), cancellationToken);

    public async Task<int> PurgeFinishedAsync(int take, CancellationToken cancellationToken = default)
    {
        if (_options.PurgesBefore(_time.GetUtcNow()) is not { } before || take <= 0)
        {
            return 0;
        }

        // The outer test of the state is read again on the row as it is when deleted: on PostgreSQL a dead row an admin
        // put back in line meanwhile (state 0) is left alone.
        var purged = await database.WriteAsync(async (connection, transaction, ct) =>
        {
            var byState = new Dictionary<DeliveryState, long>();
            await using (var command = Command(connection, transaction, """
                DELETE FROM lapor_notification
                 WHERE seq IN (SELECT seq FROM lapor_notification WHERE state IN (1, 2, 3) AND next_ms < @before LIMIT @take)
                   AND state <> 0
                RETURNING state
                """, ("before", Ms(before)), ("take", (long)take)))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var state = (DeliveryState)Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                    byState[state] = byState.GetValueOrDefault(state) + 1;
                }
            }

            return byState;
        }, cancellationToken);

        // Counted once committed.
        foreach (var (state, rows) in purged)
        {
            NotificationMetrics.RecordPurged(state, rows);
        }

        return (int)purged.Values.Sum();
    }

    private async Task RecordedAsync(Task work)
    {
        await work;
        signal.Wake();
    }

    /// <summary>
    /// Leases up to <paramref name="take"/> due rows of the given channels, each the oldest pending row of its complaint
    /// and receiver (so deliveries keep their order), skipping rows another silo holds. Counts the attempt.
    /// </summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, IReadOnlyCollection<string> channels, int take, DateTimeOffset now,
        TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var skipLocked = database.Provider == LaporStorageProvider.Postgres ? "FOR UPDATE OF n SKIP LOCKED" : "";
        var sql = $"""
            UPDATE lapor_notification SET lease_owner = @owner, lease_until_ms = @until, attempts = attempts + 1
             WHERE seq IN (
                SELECT n.seq FROM lapor_notification n
                 WHERE n.state = 0 AND n.next_ms <= @now AND n.lease_until_ms <= @now AND @channels LIKE '%,' || n.channel || ',%'
                   AND NOT EXISTS (SELECT 1 FROM lapor_notification p
                                    WHERE p.complaint_id = n.complaint_id AND p.target_key = n.target_key AND p.state = 0 AND p.seq < n.seq)
                 ORDER BY n.seq LIMIT @take {skipLocked})
            RETURNING {Returned}
            """;
        return database.WriteAsync<IReadOnlyList<ClaimedDelivery>>(async (connection, transaction, ct) =>
        {
            var rows = new List<ClaimedDelivery>();
            await using var command = Command(connection, transaction, sql, ("owner", owner), ("until", Ms(now + lease)), ("now", Ms(now)),
                ("channels", "," + string.Join(',', channels) + ","), ("take", (long)take));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new ClaimedDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
                    reader.GetString(9), (int)reader.GetInt64(10), (int)reader.GetInt64(11), At(reader.GetInt64(12))));
            }

            rows.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            return rows;
        }, cancellationToken);
    }

    /// <summary>Marks a leased row done (delivered, dead or dropped); false when the lease was lost meanwhile.</summary>
    public Task<bool> FinishAsync(long seq, string owner, DeliveryState state, string error, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction, ct) =>
            await FinishRowAsync(connection, transaction, seq, owner, state, error, now, ct) == 1, cancellationToken);

    private static Task<int> FinishRowAsync(DbConnection connection, DbTransaction transaction, long seq, string owner, DeliveryState state,
        string error, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, """
            UPDATE lapor_notification SET state = @state, last_error = @error, delivered_ms = @now, lease_owner = '', lease_until_ms = 0
             WHERE seq = @seq AND lease_owner = @owner AND state = 0
            """, ct, ("state", (long)state), ("error", Trim(error)), ("now", Ms(now)), ("seq", seq), ("owner", owner));

    /// <summary>
    /// Marks many leased rows delivered in one transaction (one commit for a whole round of deliveries); returns how many
    /// were still this owner's.
    /// </summary>
    public Task<int> FinishDeliveredAsync(IReadOnlyCollection<long> seqs, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        seqs.Count == 0 ? Task.FromResult(0) : database.WriteAsync(async (connection, transaction, ct) =>
        {
            var finished = 0;
            foreach (var seq in seqs)
            {
                finished += await FinishRowAsync(connection, transaction, seq, owner, DeliveryState.Delivered, "", now, ct);
            }

            return finished;
        }, cancellationToken);

    /// <summary>Releases a leased row for another try at <paramref name="next"/>.</summary>
    public Task<bool> RetryAsync(long seq, string owner, string error, DateTimeOffset next, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction, ct) => await ExecuteAsync(connection, transaction, """
            UPDATE lapor_notification SET next_ms = @next, last_error = @error, lease_owner = '', lease_until_ms = 0
             WHERE seq = @seq AND lease_owner = @owner AND state = 0
            """, ct, ("next", Ms(next)), ("error", Trim(error)), ("seq", seq), ("owner", owner)) == 1, cancellationToken);

    /// <summary>Dead rows, newest first, of one agency (or all when <paramref name="agencyId"/> is null), after a cursor.</summary>
    public Task<DeliveryPage> DeadAsync(string? agencyId, long? before, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<DeliveryPage>(async (connection, ct) =>
        {
            var sql = $"""
                SELECT seq, event_id, complaint_id, version, event, agency_id, channel, subscription_id, state, attempts, last_error, created_ms
                  FROM lapor_notification
                 WHERE state = 2 AND seq < @before {(agencyId is null ? "" : "AND agency_id = @a")}
                 ORDER BY seq DESC LIMIT @take
                """;
            var items = new List<DeliveryRecord>();
            await using var command = Command(connection, null, sql, ("before", before ?? long.MaxValue), ("a", agencyId ?? ""), ("take", (long)take + 1));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(new DeliveryRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), (DeliveryState)reader.GetInt64(8), (int)reader.GetInt64(9),
                    reader.GetString(10), At(reader.GetInt64(11))));
            }

            var more = items.Count > take;
            if (more)
            {
                items.RemoveAt(items.Count - 1);
            }

            return new DeliveryPage(items, more ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
        }, cancellationToken);

    /// <summary>Puts a dead row back in line with fresh tries; false when there is no such dead row (for this agency).</summary>
    public async Task<bool> RedeliverAsync(long seq, string? agencyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var done = await database.WriteAsync(async (connection, transaction, ct) => await ExecuteAsync(connection, transaction, $"""
            UPDATE lapor_notification SET state = 0, attempts = 0, next_ms = @now, lease_owner = '', lease_until_ms = 0, delivered_ms = 0
             WHERE seq = @seq AND state = 2 {(agencyId is null ? "" : "AND agency_id = @a")}
            """, ct, ("now", Ms(now)), ("seq", seq), ("a", agencyId ?? "")) == 1, cancellationToken);
        if (done)
        {
            signal.Wake();
        }

        return done;
    }

    /// <summary>Counts of rows by state (for tests and the operations checks).</summary>
    public Task<Dictionary<DeliveryState, long>> CountsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var counts = new Dictionary<DeliveryState, long>();
            await using var command = Command(connection, null, "SELECT state, count(*) FROM lapor_notification GROUP BY state");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts[(DeliveryState)reader.GetInt64(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }

            return counts;
        }, cancellationToken);

    private static string Trim(string error) => error.Length <= 1000 ? error : error[..1000];

    // Subscriptions: a handful of rows per agency, read and written by the admin API and read by the dispatcher.

    public Task<IReadOnlyList<Subscription>> SubscriptionsAsync(string agencyId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<Subscription>>(async (connection, ct) =>
        {
            await using var command = Command(connection, null,
                "SELECT subscription_id, agency_id, kind, target, events, secrets, active, created_ms, updated_ms FROM lapor_subscription WHERE agency_id = @a ORDER BY subscription_id",
                ("a", agencyId));
            return await ReadSubscriptionsAsync(command, ct);
        }, cancellationToken);

    public Task<Subscription?> SubscriptionAsync(string subscriptionId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = Command(connection, null,
                "SELECT subscription_id, agency_id, kind, target, events, secrets, active, created_ms, updated_ms FROM lapor_subscription WHERE subscription_id = @id",
                ("id", subscriptionId));
            var found = await ReadSubscriptionsAsync(command, ct);
            return found.Count > 0 ? found[0] : null;
        }, cancellationToken);

    private static async Task<IReadOnlyList<Subscription>> ReadSubscriptionsAsync(DbCommand command, CancellationToken ct)
    {
        var list = new List<Subscription>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new Subscription(reader.GetString(0), reader.GetString(1), Enum.Parse<SubscriptionKind>(reader.GetString(2), ignoreCase: true),
                reader.GetString(3), [.. reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries)],
                JsonSerializer.Deserialize<List<SubscriptionSecret>>(reader.GetString(5)) ?? [], reader.GetInt64(6) == 1,
                At(reader.GetInt64(7)), At(reader.GetInt64(8))));
        }

        return list;
    }

    /// <summary>Inserts or replaces a subscription (by id).</summary>
    public Task SaveSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return database.WriteAsync((connection, transaction, ct) => ExecuteAsync(connection, transaction, """
            INSERT INTO lapor_subscription (subscription_id, agency_id, kind, target, events, secrets, active, created_ms, updated_ms)
            VALUES (@id, @a, @kind, @target, @events, @secrets, @active, @created, @updated)
            ON CONFLICT (subscription_id) DO UPDATE SET target = excluded.target, events = excluded.events, secrets = excluded.secrets,
                active = excluded.active, updated_ms = excluded.updated_ms
            """, ct, ("id", subscription.Id), ("a", subscription.AgencyId), ("kind", subscription.Kind == SubscriptionKind.Webhook ? "webhook" : "email"),
            ("target", subscription.Target), ("events", "," + string.Join(',', subscription.Events) + ","),
            ("secrets", JsonSerializer.Serialize(subscription.Secrets)), ("active", subscription.Active ? 1L : 0L),
            ("created", Ms(subscription.CreatedAt)), ("updated", Ms(subscription.UpdatedAt))), cancellationToken);
    }

    public Task<bool> DeleteSubscriptionAsync(string agencyId, string subscriptionId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction, ct) => await ExecuteAsync(connection, transaction,
            "DELETE FROM lapor_subscription WHERE subscription_id = @id AND agency_id = @a", ct, ("id", subscriptionId), ("a", agencyId)) == 1,
            cancellationToken);
}

/// <summary>Wakes this silo's dispatcher when a row was inserted here, so delivery need not wait for the next poll.</summary>
public sealed class NotificationSignal : IDisposable
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Wake()
    {
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public void Dispose() => _pulse.Dispose();

    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitCoreAsync(timeout, time, cancellationToken);

    private async Task<bool> WaitCoreAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pulse = _pulse.WaitAsync(cts.Token);
        var delay = Task.Delay(timeout, time, cts.Token);
        var first = await Task.WhenAny(pulse, delay);
        await cts.CancelAsync();
        try
        {
            await Task.WhenAll(pulse, delay);
        }
        catch (OperationCanceledException)
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
        return first == pulse;
    }
}
