using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lapor.Hosting.Storage.Indexes;

public static class IndexServiceCollectionExtensions
{
    /// <summary>The inbox index, the agency ledger, the public list, the agency directory, the reporters' erasure dates and the notification table over the storage database (silos and client-mode front doors).</summary>
    public static IServiceCollection AddLaporIndexes(this IServiceCollection services, LaporStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(_ => new IndexDatabase(options));
        // The embedded default with FULL durability syncs its log for every writer of the moment; otherwise a commit is
        // durable (PostgreSQL) or promised no more than that (SQLite with NORMAL) when it returns.
        services.TryAddSingleton<ICommitDurability>(sp =>
            (ICommitDurability?)sp.GetRequiredService<IndexDatabase>().Durability ?? DurableCommits.Instance);
        services.TryAddSingleton<IInboxIndex, AdoNetInboxIndex>();
        services.TryAddSingleton<IAgencyLedger, AdoNetAgencyLedger>();
        services.TryAddSingleton<IPublicIndex, AdoNetPublicIndex>();
        services.TryAddSingleton<IAgencyIndex, AdoNetAgencyIndex>();
        services.TryAddSingleton<IReporterErasureIndex, AdoNetReporterErasureIndex>();
        services.TryAddSingleton<Notifications.NotificationSignal>();
        services.TryAddSingleton<Notifications.AdoNetNotificationStore>();
        services.TryAddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<Notifications.AdoNetNotificationStore>());
        return services;
    }
}
