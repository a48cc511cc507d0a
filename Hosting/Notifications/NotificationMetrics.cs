using System.Diagnostics.Metrics;

namespace Lapor.Hosting.Notifications;

/// <summary>
/// OpenTelemetry instruments of the dispatchers (meter <c>Lapor.Notifications</c>): tries by outcome
/// (<c>succeeded</c>, <c>failed</c> = retried later, <c>dead</c> = set aside) and channel, and the lag from the
/// event's recording to its delivery; finished rows purged past the retention, by the state they were in.
/// </summary>
public static class NotificationMetrics
{
    public const string MeterName = "Lapor.Notifications";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("lapor.notifications.deliveries", "{delivery}",
        "Notification delivery tries by outcome (succeeded, failed, dead) and channel");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("lapor.notifications.lag", "s",
        "Time from an event's recording to its successful delivery");

    private static readonly Counter<long> Purged = Meter.CreateCounter<long>("lapor.notifications.purged", "{row}",
        "Finished notification rows deleted past the retention, by state (delivered, dead, dropped)");

    /// <summary>Rows purged in <paramref name="state"/>: dead ones leave Admin Nasional's list without having been sent.</summary>
    public static void RecordPurged(DeliveryState state, long rows) =>
        Purged.Add(rows, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));

    public static void Record(string outcome, string channel) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("channel", channel));

    public static void Delivered(string channel, TimeSpan lag)
    {
        Record("succeeded", channel);
        Lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("channel", channel));
    }
}
