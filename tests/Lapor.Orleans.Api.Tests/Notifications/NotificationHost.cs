using System.Globalization;

namespace Lapor.Api.Tests.Notifications;

/// <summary>
/// The real API host with notifications pointed at loopback receivers: webhooks may use http and loopback (the
/// operator switches the tests need), e-mail goes to a real SMTP server in the test kit, retries are quick and a
/// delivery is set aside after 3 tries.
/// </summary>
public class NotificationHost : ApiHost, IAsyncLifetime
{
    public SmtpReceiver Smtp { get; } = new();

    protected override IEnumerable<string> ExtraArgs() =>
    [
        "--Lapor:Notifications:AllowHttp", "true",
        "--Lapor:Notifications:AllowPrivateAddresses", "true",
        "--Lapor:Notifications:PollInterval", "00:00:00.2",
        "--Lapor:Notifications:RetryBaseDelay", "00:00:00.2",
        "--Lapor:Notifications:MaxAttempts", "3",
        "--Lapor:Notifications:PublicBaseUrl", "https://lapor.test",
        "--Lapor:Notifications:Smtp:Host", "127.0.0.1",
        "--Lapor:Notifications:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture),
        "--Lapor:Notifications:Smtp:Tls", "None",
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        Smtp.Start();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationCollection : ICollectionFixture<NotificationHost>
{
    public const string Name = "notifications";
}
