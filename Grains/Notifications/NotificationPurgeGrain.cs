using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Lapor.Grains.Notifications;

/// <summary>
/// Keeps <c>lapor_notification</c> from growing with every message ever sent: at each tick the finished rows past their
/// retention go, a page at a time, oldest first. What may go and what may come back is the table's rule
/// (<see cref="INotificationOutbox.PurgeFinishedAsync"/>), so this grain only paces the work.
/// </summary>
public sealed partial class NotificationPurgeGrain(INotificationOutbox notifications, ILogger<NotificationPurgeGrain> logger)
    : Grain, INotificationPurgeGrain, IRemindable
{
    /// <summary>Named by its period (<see cref="PeriodicReminder"/>).</summary>
    private const string PurgeReminderPrefix = "purge-";
    private const int PageSize = 1_000;

    /// <summary>The most pages one tick deletes, so a first purge of a large table is worked off over several short turns.</summary>
    private const int PagesPerTick = 50;

    public Task Start(TimeSpan period) => PeriodicReminder.EnsureAsync(this, PurgeReminderPrefix, period);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!reminderName.StartsWith(PurgeReminderPrefix, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            await Purge();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What was deleted stays deleted; the rest waits for the next tick.
            LogPurgeFailed(logger, ex);
        }
    }

    public async Task<int> Purge()
    {
        var deleted = 0;
        for (var page = 0; page < PagesPerTick; page++)
        {
            var rows = await notifications.PurgeFinishedAsync(PageSize);
            deleted += rows;
            if (rows < PageSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            LogPurged(logger, deleted);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Rows} finished notification rows past their retention")]
    private static partial void LogPurged(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished notification rows not purged this time; the next tick tries again")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
