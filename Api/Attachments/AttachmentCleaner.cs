using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Lapor.Hosting.Storage.Attachments;

namespace Lapor.Api.Attachments;

/// <summary>
/// Removes uploads no message took within <see cref="AttachmentOptions.StagedLifetime"/>, and temp files of uploads
/// that were interrupted. An upload reserved for a complaint but never committed (the process died between the action
/// and the commit) is settled with the complaint: committed when one of its entries carries it, removed otherwise.
/// Runs every <see cref="AttachmentOptions.SweepPeriod"/> on <see cref="TimeProvider"/>; every front door may run it.
/// </summary>
public sealed partial class AttachmentCleaner(IAttachmentStore store, IGrainFactory grains, AttachmentOptions options, TimeProvider time,
    ILogger<AttachmentCleaner> logger) : BackgroundService
{
    private static readonly Viewer Auditor = new(ViewerKind.Staff, new Actor("sistem-lampiran", ActorRole.NationalAdmin, AgencyIdsNational));
    private const string AgencyIdsNational = "nasional";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>One pass; answers how many uploads were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow() - options.StagedLifetime;
        var removed = 0;
        await store.DeleteTempFilesAsync(before, cancellationToken);
        while (true)
        {
            var stale = await store.PendingAsync(before, 100, cancellationToken);
            var settled = 0;
            foreach (var upload in stale)
            {
                if (upload.ComplaintId is { } code
                    && await grains.Reference<IComplaintGrain>(code).View(Auditor) is { } view
                    && view.Timeline.FirstOrDefault(e => e.Attachments?.Contains(upload.Id) == true) is { } entry)
                {
                    await store.CommitAsync(code, [upload.Id], entry.Sequence, time.GetUtcNow(), cancellationToken);
                }
                else
                {
                    await store.DeleteAsync(upload.Id, cancellationToken);
                    removed++;
                }

                settled++;
            }

            if (settled < 100)
            {
                return removed;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment sweep failed ({Fault}); next sweep at the next period")]
    private static partial void LogSweepFailed(ILogger logger, string fault);
}
