using Lapor.Grains.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lapor.Hosting.Storage.Indexes;

public static class IndexServiceCollectionExtensions
{
    /// <summary>The inbox index, the agency ledger and the public list over the storage database (silos and client-mode front doors).</summary>
    public static IServiceCollection AddLaporIndexes(this IServiceCollection services, LaporStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(_ => new IndexDatabase(options));
        services.TryAddSingleton<IInboxIndex, AdoNetInboxIndex>();
        services.TryAddSingleton<IAgencyLedger, AdoNetAgencyLedger>();
        services.TryAddSingleton<IPublicIndex, AdoNetPublicIndex>();
        return services;
    }
}
