using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lapor.Hosting.Seeding;

/// <summary>
/// When the silo becomes active: makes sure the national root agency exists, and loads the demo agencies when
/// configured. Idempotent, so every silo of a cluster can run it.
/// </summary>
internal sealed partial class SeedOnStart(IGrainFactory grains, IServiceProvider services, ILogger<SeedOnStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SeedOnStart), ServiceLifecycleStage.Active, SeedAsync);

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var national = grains.Reference<IAgencyGrain>(AgencyIds.National);
        if (await national.GetSummary() is null)
        {
            await national.Define(new AgencyProfile(AgencyIds.National, "Admin Nasional SP4N-LAPOR! (KemenPANRB)",
                AgencyLevel.National, null, AgencyZone.Wib, new SlaPolicy()));
            LogSeeded(logger, AgencyIds.National);
        }

        if (services.GetService<DemoData>() is { } demo)
        {
            await demo.LoadAsync(grains, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded agency {AgencyId}")]
    private static partial void LogSeeded(ILogger logger, string agencyId);
}
