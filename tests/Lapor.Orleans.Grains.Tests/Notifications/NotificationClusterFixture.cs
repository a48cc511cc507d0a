namespace Lapor.Grains.Tests.Notifications;

/// <summary>
/// A silo of its own for notification delivery: the production dispatcher and senders (they come with the engine),
/// on the fake clock, allowed to reach a plain-http receiver on loopback, with short back-off so a test drives every
/// retry in a few fake minutes.
/// </summary>
public sealed class NotificationClusterFixture : EngineClusterFixture
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(8);
    public const int MaxAttempts = 5;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Lapor:Notifications:AllowHttp"] = "true";
        settings["Lapor:Notifications:AllowPrivateAddresses"] = "true";
        settings["Lapor:Notifications:PollInterval"] = PollInterval.ToString();
        settings["Lapor:Notifications:RetryBaseDelay"] = RetryBaseDelay.ToString();
        settings["Lapor:Notifications:RetryMaxDelay"] = "00:10:00";
        settings["Lapor:Notifications:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Lapor:Notifications:Timeout"] = "00:00:05";
    }
}
