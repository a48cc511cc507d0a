using Lapor.Grains.Complaints;
using Lapor.Grains.Infrastructure;
using Lapor.Grains.Notifications;
using Lapor.Hosting.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lapor.Hosting;

/// <summary>
/// Arms the cluster's sweeps when a silo starts, each on one reminder for the cluster and each unless the operator
/// switched it off: the reporter-data erasure (docs/domain.md §5.1) and the purge of finished notification rows.
/// </summary>
internal sealed partial class SweepsOnStart(
    IGrainFactory grains,
    IOptions<EngineOptions> engine,
    IOptions<NotificationOptions> notifications,
    ILogger<SweepsOnStart> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SweepsOnStart), ServiceLifecycleStage.Active, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (engine.Value.EraseReporterData)
        {
            await ArmAsync("reporter-data erasure", () => grains.GetGrain<IReporterDataSweepGrain>(0).Start());
        }

        if (notifications.Value.PurgeFinished)
        {
            await ArmAsync("notification purge", () => grains.GetGrain<INotificationPurgeGrain>(0).Start(notifications.Value.PurgeSweep));
        }
    }

    private async Task ArmAsync(string sweep, Func<Task> start)
    {
        try
        {
            await start();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Its reminder is stored: armed by an earlier start, it goes on; otherwise the next silo to start arms it.
            LogNotArmed(logger, ex, sweep);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Sweep} could not be armed at start; the next silo start tries again")]
    private static partial void LogNotArmed(ILogger logger, Exception exception, string sweep);
}
