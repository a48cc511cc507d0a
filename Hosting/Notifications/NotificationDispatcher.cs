using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lapor.Hosting.Notifications;

/// <summary>
/// Delivers the notification table, one dispatcher per process: claims due rows under a lease (so several silos
/// never send the same row at once; a dead silo's rows come free when its lease ends), sends them through the sender
/// of their channel, and records the outcome: delivered, retried later with exponential back-off and jitter, or set
/// aside as dead after the allowed tries. Woken at once by events recorded on this silo; otherwise it polls. Runs apart
/// from the grains, so a slow receiver never slows a complaint.
/// </summary>
public sealed partial class NotificationDispatcher(
    AdoNetNotificationStore store,
    IEnumerable<INotificationSender> senders,
    NotificationSignal signal,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, INotificationSender> _senders = senders.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>This process's lease owner name.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.DispatcherEnabled || _senders.Count == 0)
        {
            return;
        }

        // Leave the host's start-up alone (Kestrel, the silo) before the first claim.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<ClaimedDelivery> batch;
            try
            {
                batch = await store.ClaimAsync(Owner, _senders.Keys, Math.Max(1, o.BatchSize), time.GetUtcNow(), o.Lease, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogClaimFailed(logger, e.GetType().Name);
                LogFault(logger, e);
                await WaitAsync(o.PollInterval, stoppingToken);
                continue;
            }

            if (batch.Count == 0)
            {
                await WaitAsync(o.PollInterval, stoppingToken);
                continue;
            }

            var subscriptions = new ConcurrentDictionary<string, Task<Subscription?>>(StringComparer.Ordinal);
            var delivered = new ConcurrentQueue<ClaimedDelivery>();
            try
            {
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Concurrency), CancellationToken = stoppingToken },
                    async (delivery, ct) => await DeliverAsync(delivery, subscriptions, delivered, ct));
            }
            finally
            {
                await FinishDeliveredAsync(delivered);
            }
        }
    }

    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(interval, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The round's successes in one commit rather than one each. Should it fail, the rows keep their lease and are sent
    /// again when it ends: at least once, which receivers de-duplicate by event id. Recorded even while the host stops,
    /// so what was sent is not sent again after the restart.
    /// </summary>
    private async Task FinishDeliveredAsync(ConcurrentQueue<ClaimedDelivery> delivered)
    {
        if (delivered.IsEmpty)
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            await store.FinishDeliveredAsync([.. delivered.Select(d => d.Seq)], Owner, now, CancellationToken.None);
            foreach (var delivery in delivered)
            {
                NotificationMetrics.Delivered(delivery.Channel, now - delivery.CreatedAt);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogClaimFailed(logger, e.GetType().Name);
            LogFault(logger, e);
        }
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, ConcurrentDictionary<string, Task<Subscription?>> subscriptions,
        ConcurrentQueue<ClaimedDelivery> delivered, CancellationToken ct)
    {
        var o = options.Value;
        try
        {
            Subscription? subscription = null;
            if (delivery.SubscriptionId.Length > 0)
            {
                subscription = await subscriptions.GetOrAdd(delivery.SubscriptionId, id => store.SubscriptionAsync(id, ct));
                if (subscription is not { Active: true })
                {
                    await store.FinishAsync(delivery.Seq, Owner, DeliveryState.Dropped, "subscription removed", time.GetUtcNow(), ct);
                    return;
                }
            }

            SendOutcome outcome;
            try
            {
                outcome = await _senders[delivery.Channel].SendAsync(delivery, subscription, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcome = SendOutcome.Retry(e.GetType().Name + ": " + e.Message);
            }

            var now = time.GetUtcNow();
            var max = delivery.MaxAttempts > 0 ? delivery.MaxAttempts : Math.Max(1, o.MaxAttempts);
            if (outcome.Delivered)
            {
                delivered.Enqueue(delivery);
            }
            else if (outcome.Final || delivery.Attempts >= max)
            {
                await store.FinishAsync(delivery.Seq, Owner, DeliveryState.Dead, outcome.Error, now, ct);
                NotificationMetrics.Record("dead", delivery.Channel);
                LogDead(logger, delivery.Seq, delivery.Channel, delivery.Event, delivery.Attempts, outcome.Error);
            }
            else
            {
                var delay = Backoff(delivery.Attempts, o);
                await store.RetryAsync(delivery.Seq, Owner, outcome.Error, now + delay, ct);
                NotificationMetrics.Record("failed", delivery.Channel);
                LogRetry(logger, delivery.Seq, delivery.Channel, outcome.Error, delay.TotalSeconds);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row keeps its lease and comes back when it ends: at least once, never lost.
            LogClaimFailed(logger, e.GetType().Name);
            LogFault(logger, e);
        }
    }

    /// <summary>base × 2^(tries−1), capped, then ±25 % jitter so many failed rows do not return at one moment.</summary>
    public static TimeSpan Backoff(int attempts, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + (Random.Shared.NextDouble() / 2)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: could not reach the notification table ({Fault}); trying again")]
    private static partial void LogClaimFailed(ILogger logger, string fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notifications: fault")]
    private static partial void LogFault(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Seq} ({Channel}) not delivered ({Error}); retrying in {DelaySeconds:F1} s")]
    private static partial void LogRetry(ILogger logger, long seq, string channel, string error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Seq} ({Channel}, {Event}) set aside after {Attempts} tries: {Error}")]
    private static partial void LogDead(ILogger logger, long seq, string channel, string @event, int attempts, string error);
}
