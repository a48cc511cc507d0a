using Lapor.Hosting.Notifications;

namespace Lapor.Api.Notifications;

/// <summary>A signing secret as shown after creation: its id and validity, never its value.</summary>
public sealed record SecretView(string Id, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>A subscription as admins see it (secrets by id only).</summary>
public sealed record SubscriptionView(
    string Id,
    string AgencyId,
    SubscriptionKind Kind,
    string? Url,
    string? Email,
    IReadOnlyList<string> Events,
    bool Active,
    IReadOnlyList<SecretView> Secrets,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SubscriptionView Of(Subscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.AgencyId, s.Kind, s.Kind == SubscriptionKind.Webhook ? s.Target : null, s.Kind == SubscriptionKind.Email ? s.Target : null,
            s.Events, s.Active, [.. s.Secrets.Select(x => new SecretView(x.Id, x.CreatedAt, x.ExpiresAt))], s.CreatedAt, s.UpdatedAt);
    }
}

/// <summary>A new signing secret, shown once: keep it, it cannot be read again.</summary>
public sealed record SecretIssued(string SubscriptionId, string SecretId, string Secret);

/// <summary>A created subscription; <see cref="Secret"/> (webhooks only) is shown this once.</summary>
public sealed record SubscriptionCreated(SubscriptionView Subscription, string? Secret);

/// <summary>A delivery put back in line.</summary>
public sealed record RedeliveryView(long Id, string State);
