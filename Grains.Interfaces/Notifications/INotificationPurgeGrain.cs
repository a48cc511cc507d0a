namespace Lapor.Grains.Notifications;

/// <summary>
/// Deletes the notification rows that are finished (delivered, dead or dropped) and past their retention, on one
/// reminder for the whole cluster (docs/operations.md, "Notifications"). Key 0.
/// </summary>
[Alias("lapor.INotificationPurgeGrain")]
public interface INotificationPurgeGrain : IGrainWithIntegerKey
{
    /// <summary>Arms the purge's reminder with <paramref name="period"/> (every silo asks at start; a repeat changes nothing).</summary>
    [Alias("Start")]
    Task Start(TimeSpan period);

    /// <summary>Deletes what is due now, in pages; returns how many rows went.</summary>
    [Alias("Purge")]
    Task<int> Purge();
}
