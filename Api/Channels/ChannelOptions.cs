namespace Lapor.Api.Channels;

/// <summary>How an SMS gateway proves that a message comes from it.</summary>
public enum SmsAuthMode
{
    /// <summary>HMAC-SHA256 over the timestamp and the raw body, with the shared secret as key (recommended).</summary>
    Hmac = 0,
    /// <summary>The shared secret itself in a header (for gateways that cannot sign).</summary>
    SharedSecret = 1,
}

/// <summary>Settings of the SMS channel (<c>Lapor:Channels:Sms</c>). Off until enabled with a secret.</summary>
public sealed class SmsChannelOptions
{
    public const string Section = "Lapor:Channels:Sms";

    public bool Enabled { get; set; }
    public SmsAuthMode Mode { get; set; } = SmsAuthMode.Hmac;
    /// <summary>Shared with the gateway; at least 32 characters. Keys inbound checks and signs outbound messages.</summary>
    public string? Secret { get; set; }
    public string SecretHeader { get; set; } = "X-Lapor-Gateway-Secret";
    public string SignatureHeader { get; set; } = "X-Lapor-Signature";
    public string TimestampHeader { get; set; } = "X-Lapor-Timestamp";
    /// <summary>How far a signed timestamp may be from this host's clock.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Names of the gateway's inbound fields (form or flat JSON).</summary>
    public SmsFieldNames Fields { get; set; } = new();
    /// <summary>Kemendagri region code given to SMS reports (the text carries no location).</summary>
    public string? RegionCode { get; set; }
    public string Category { get; set; } = "Lainnya";
    /// <summary>The agency that verifies SMS reports (its inbox receives them); Admin Nasional when empty.</summary>
    public string? TargetAgencyId { get; set; }
    /// <summary>Messages accepted from one number per window; more answer 429.</summary>
    public int PerNumberLimit { get; set; } = 5;
    public TimeSpan PerNumberWindow { get; set; } = TimeSpan.FromMinutes(10);
    public SmsOutboundOptions Outbound { get; set; } = new();
}

public sealed class SmsFieldNames
{
    public string From { get; set; } = "from";
    public string Text { get; set; } = "text";
    public string MessageId { get; set; } = "id";
}

/// <summary>The gateway's outbound webhook: where answers to senders are posted.</summary>
public sealed class SmsOutboundOptions
{
    /// <summary>Absolute http(s) URL; without it no answers are sent (the tracking code is still in the HTTP answer).</summary>
    public string? Url { get; set; }
    public string ToField { get; set; } = "to";
    public string TextField { get; set; } = "text";
    /// <summary>Tries per answer before it is set aside (retry delays: <c>Lapor:Notifications:RetryBaseDelay</c>).</summary>
    public int MaxAttempts { get; set; } = 6;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Settings of the social-media intake (<c>Lapor:Channels:Social</c>). Off until an integrator is configured.</summary>
public sealed class SocialChannelOptions
{
    public const string Section = "Lapor:Channels:Social";

    public string KeyHeader { get; set; } = "X-Api-Key";
    /// <summary>Trusted integrators by id. Keys are stored as their SHA-256 (hex), never in clear.</summary>
    public Dictionary<string, SocialIntegratorOptions> Integrators { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SocialIntegratorOptions
{
    public string KeySha256 { get; set; } = "";
    public string? Name { get; set; }
    /// <summary>Used when a report names none.</summary>
    public string? Category { get; set; }
    public string? RegionCode { get; set; }
    public string? TargetAgencyId { get; set; }
}

/// <summary>Per-address limits of the channel endpoints (<c>Lapor:Channels:RateLimits</c>).</summary>
public sealed class ChannelRateLimitOptions
{
    public const string Section = "Lapor:Channels:RateLimits";

    public RateLimitSetting Open311Read { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };
    public RateLimitSetting Open311Write { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };
    public RateLimitSetting Sms { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };
    public RateLimitSetting Social { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };
}

public sealed class RateLimitSetting
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}
