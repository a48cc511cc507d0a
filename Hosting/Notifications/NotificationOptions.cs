using Lapor.Grains.Infrastructure;

namespace Lapor.Hosting.Notifications;

/// <summary>Notification delivery settings, bound from <c>Lapor:Notifications</c> (docs/operations.md).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Lapor:Notifications";

    /// <summary>Run the dispatcher on this process (every silo by default).</summary>
    public bool DispatcherEnabled { get; set; } = true;
    /// <summary>How often the dispatcher looks for due rows besides being woken by a new event on this silo.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a claimed row is this silo's; a silo that dies mid-delivery frees its rows after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Rows claimed per round (each the next one of its complaint and receiver).</summary>
    public int BatchSize { get; set; } = 128;
    /// <summary>Deliveries in flight at once per silo.</summary>
    public int Concurrency { get; set; } = 32;
    /// <summary>Tries before a delivery is set aside as dead (an admin may redeliver it).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>First retry delay; doubles per try (±25 % jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>One webhook or SMTP call may take this long before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Webhook URLs may use plain http (off: https only).</summary>
    public bool AllowHttp { get; set; }
    /// <summary>Webhooks may reach loopback, private, link-local and other internal addresses (off: refused, SSRF).</summary>
    public bool AllowPrivateAddresses { get; set; }
    /// <summary>How long a rotated-out secret keeps signing next to the new one.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Base of the links in messages: <c>{PublicBaseUrl}/lacak/{trackingCode}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";
    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>
    /// Whether finished rows (delivered, dead or dropped) leave the table <see cref="Retention"/> after they were last
    /// due. On by default: nothing reads a delivered row, and the table would otherwise grow with every message sent.
    /// </summary>
    public bool PurgeFinished { get; set; } = true;

    /// <summary>
    /// How long a finished row is kept (a dead one stays in Admin Nasional's list this long); an event older than this
    /// is no longer recorded, so a complaint waking with old events cannot bring a purged row back.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the cluster's one purge runs (one reminder for the cluster).</summary>
    public TimeSpan PurgeSweep { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A day's grace between the two ends of the rule, so that silos whose clocks differ a little never record an event
    /// whose row another silo's purge has just deleted.
    /// </summary>
    public static readonly TimeSpan PurgeGrace = TimeSpan.FromDays(1);

    /// <summary>
    /// The oldest event still recorded at <paramref name="now"/>, whether or not rows are purged: a purge switched off
    /// after it ran must not let a waking complaint bring its purged rows back.
    /// </summary>
    public DateTimeOffset RecordsFrom(DateTimeOffset now) => now - Retention;

    /// <summary>Finished rows last due before this go at <paramref name="now"/> (null: none go).</summary>
    public DateTimeOffset? PurgesBefore(DateTimeOffset now) => PurgeFinished ? now - Retention - PurgeGrace : null;

    /// <summary>What is wrong with these settings, each starting with its key within <see cref="Section"/> (empty: nothing).</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. SettingProblems.NotPositive((nameof(Retention), Retention), (nameof(PurgeSweep), PurgeSweep)),
    ];
}

public enum SmtpTlsMode
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The SMTP relay (<c>Lapor:Notifications:Smtp</c>); e-mail is off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "LAPOR! <no-reply@lapor.localhost>";
}
