using System.Text.Json.Serialization;

namespace Lapor.Hosting.Notifications;

/// <summary>Where an agency's notifications go: a signed webhook or an e-mail address.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubscriptionKind>))]
public enum SubscriptionKind
{
    Webhook,
    Email,
}

/// <summary>One signing secret of a webhook; every secret not yet expired signs each delivery (rotation).</summary>
public sealed record SubscriptionSecret(string Id, string Secret, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>A row of <c>lapor_subscription</c>.</summary>
public sealed record Subscription(
    string Id,
    string AgencyId,
    SubscriptionKind Kind,
    string Target,
    IReadOnlyList<string> Events,
    IReadOnlyList<SubscriptionSecret> Secrets,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IEnumerable<SubscriptionSecret> ActiveSecrets(DateTimeOffset now) => Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now);
}

/// <summary>State of a delivery row.</summary>
public enum DeliveryState
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
    /// <summary>Its subscription was removed before it went out.</summary>
    Dropped = 3,
}

/// <summary>A delivery claimed by a dispatcher (a row of <c>lapor_notification</c> under its lease).</summary>
public sealed record ClaimedDelivery(
    long Seq,
    string EventId,
    string ComplaintId,
    int Version,
    string Event,
    string AgencyId,
    string Channel,
    string SubscriptionId,
    string Target,
    string Payload,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset CreatedAt);

/// <summary>A delivery as admins see it (dead-letter list).</summary>
public sealed record DeliveryRecord(
    long Id,
    string EventId,
    string ComplaintId,
    int Version,
    string Event,
    string AgencyId,
    string Channel,
    string SubscriptionId,
    DeliveryState State,
    int Attempts,
    string LastError,
    DateTimeOffset CreatedAt);

/// <summary>One page of deliveries, newest first; <see cref="NextCursor"/> continues after the last one.</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryRecord> Items, string? NextCursor);
