using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lapor.Hosting.Storage.Attachments;

public static class AttachmentServiceCollectionExtensions
{
    /// <summary>The attachment store of this deployment: the data folder (embedded) or the database (production).</summary>
    public static IServiceCollection AddLaporAttachmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        var profile = DeploymentProfile.From(configuration);
        var options = AttachmentOptions.FromConfiguration(configuration);
        services.TryAddSingleton(options);
        services.TryAddSingleton(_ => new IndexDatabase(profile.Storage));
        services.TryAddSingleton<IAttachmentStore>(sp => profile.IsEmbedded
            ? new FolderAttachmentStore(sp.GetRequiredService<IndexDatabase>(),
                options.Folder ?? Path.Combine(string.IsNullOrWhiteSpace(profile.Storage.DataFolder) ? "./data" : profile.Storage.DataFolder, "attachments"))
            : new PostgresAttachmentStore(sp.GetRequiredService<IndexDatabase>(),
                options.TempFolder ?? Path.Combine(Path.GetTempPath(), "lapor-attachments")));
        return services;
    }
}
