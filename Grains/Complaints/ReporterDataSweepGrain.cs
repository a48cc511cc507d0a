using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Complaints;

/// <summary>
/// One reminder for every report's erasure date instead of one per report: Orleans' reminder service keeps each of
/// its reminders in memory, and a year of final reports would be several times the open backlog. At each tick the
/// due rows of the erasure index are read in date order and each report is asked to erase; it decides from its own
/// state. A report that fails is left for the next tick (its row stays).
/// </summary>
public sealed partial class ReporterDataSweepGrain(
    IReporterErasureIndex erasures,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<ReporterDataSweepGrain> logger) : Grain, IReporterDataSweepGrain, IRemindable
{
    /// <summary>Named by its period (<see cref="PeriodicReminder"/>).</summary>
    private const string SweepReminderPrefix = "sweep-";
    private const int PageSize = 200;

    /// <summary>The most pages one tick reads, so a backlog after an outage is worked off over several short turns.</summary>
    private const int PagesPerTick = 20;

    private const int CallsAtOnce = 8;

    public Task Start() => PeriodicReminder.EnsureAsync(this, SweepReminderPrefix, options.Value.ReporterDataSweep);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName.StartsWith(SweepReminderPrefix, StringComparison.Ordinal))
        {
            await Sweep();
        }
    }

    public async Task<int> Sweep()
    {
        var now = time.GetUtcNow();
        var answered = 0;
        ErasureDue? after = null;
        for (var page = 0; page < PagesPerTick; page++)
        {
            var due = await erasures.DueAsync(now, after, PageSize);
            foreach (var batch in due.Chunk(CallsAtOnce))
            {
                var calls = await Task.WhenAll(batch.Select(AskAsync));
                answered += calls.Count(ok => ok);
            }

            if (due.Count < PageSize)
            {
                break;
            }

            after = due[^1];
        }

        return answered;
    }

    private async Task<bool> AskAsync(ErasureDue due)
    {
        try
        {
            await GrainFactory.GetGrain<IComplaintGrain>(due.ComplaintId).EraseReporterDataIfDue();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotErased(logger, ex, due.ComplaintId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: reporter data not erased yet; the next sweep tries again")]
    private static partial void LogNotErased(ILogger logger, Exception exception, string complaintId);
}
