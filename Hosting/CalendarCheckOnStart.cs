using Lapor.Domain.Calendar;
using Lapor.Grains;
using Lapor.Grains.Calendar;
using Microsoft.Extensions.Logging;

namespace Lapor.Hosting;

/// <summary>Warns at start-up when this year's or next year's holidays and cuti bersama are missing.</summary>
internal sealed partial class CalendarCheckOnStart(IGrainFactory grains, TimeProvider time, ILogger<CalendarCheckOnStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CalendarCheckOnStart), ServiceLifecycleStage.Active, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var snapshot = await grains.Reference<ICalendarGrain>(ICalendarGrain.Key).GetYears();
        var missing = CalendarCoverage.MissingAhead(snapshot.Years.Select(y => y.Year), time.GetUtcNow());
        if (missing.Count > 0)
        {
            LogMissing(logger, string.Join(", ", missing));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No holiday data for {Years}: deadlines there skip weekends only and are marked provisional until an admin loads the year (PUT /api/admin/calendar/{{year}})")]
    private static partial void LogMissing(ILogger logger, string years);
}
