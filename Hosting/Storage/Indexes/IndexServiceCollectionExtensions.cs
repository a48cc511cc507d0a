using Lapor.Grains.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lapor.Hosting.Storage.Indexes;

public static class IndexServiceCollectionExtensions
{
    /// <summary>The inbox index, the agency ledger, the public list and the notification table over the storage database (silos and client-mode front doors).</summary>
    public static IServiceCollection AddLaporIndexes(this IServiceCollection services, LaporStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(_ => new IndexDatabase(options));
        services.TryAddSingleton<Lapor.Grains.Infrastructure.ICommitDurability>(sp =>
            (Lapor.Grains.Infrastructure.ICommitDurability?)sp.GetRequiredService<IndexDatabase>().Durability ?? Lapor.Grains.Infrastructure.DurableCommits.Instance);
        services.TryAddSingleton<IInboxIndex, AdoNetInboxIndex>();
        services.TryAddSingleton<IAgencyLedger, AdoNetAgencyLedger>();
        services.TryAddSingleton<IPublicIndex, AdoNetPublicIndex>();
        services.TryAddSingleton<Notifications.NotificationSignal>();
        services.TryAddSingleton<Notifications.AdoNetNotificationStore>();
        services.TryAddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<Notifications.AdoNetNotificationStore>());
        return services;
    }
}
