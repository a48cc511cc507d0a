using Lapor.Hosting.Storage.Attachments;

namespace Lapor.Api.Attachments;

public static class AttachmentServices
{
    public static IServiceCollection AddLaporAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLaporAttachmentStore(configuration);
        services.AddSingleton<AttachmentUploads>();
        services.AddSingleton<AttachmentBinding>();
        services.AddSingleton<AttachmentCleaner>();
        services.AddHostedService(sp => sp.GetRequiredService<AttachmentCleaner>());
        return services;
    }
}
