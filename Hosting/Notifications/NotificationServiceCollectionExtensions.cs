using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lapor.Hosting.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// The notification senders (webhook, e-mail) and this process's dispatcher. The table itself comes with the
    /// indexes (<c>AddLaporIndexes</c>); a process that adds a sender of its own (the API's SMS gateway) registers it
    /// as another <see cref="INotificationSender"/>.
    /// </summary>
    public static IServiceCollection AddLaporNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>>(new NamedProblems<NotificationOptions>(NotificationOptions.Section, o => o.Problems()));
        services.TryAddSingleton<AgencyNames>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, WebhookSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, EmailSender>());
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<NotificationOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, // a redirect could point inside the network
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectCallback = (context, ct) => WebhookAddresses.ConnectAsync(context, options, ct),
                };
            });
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}
