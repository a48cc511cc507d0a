using Lapor.Grains.Complaints;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lapor.Hosting;

/// <summary>Arms the cluster's one reporter-data sweep (docs/domain.md §5.1) when a silo starts, unless the operator keeps reporters' data.</summary>
internal sealed partial class ReporterDataSweepOnStart(IGrainFactory grains, IOptions<EngineOptions> options, ILogger<ReporterDataSweepOnStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReporterDataSweepOnStart), ServiceLifecycleStage.Active, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.EraseReporterData)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IReporterDataSweepGrain>(0).Start();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Its reminder is stored: armed by an earlier start, it goes on; otherwise the next silo to start arms it.
            LogNotArmed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reporter-data sweep could not be armed at start; the next silo start tries again")]
    private static partial void LogNotArmed(ILogger logger, Exception exception);
}
