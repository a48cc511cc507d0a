namespace Lapor.Domain.Notifications;

/// <summary>
/// A notification event recorded with the complaint change that caused it (stored in the complaint's state until its
/// outbox has inserted it into the notification table). <see cref="AgencyId"/> is the agency told; empty for the
/// reporter, whose address is <see cref="Email"/>. <see cref="Payload"/> is the redacted JSON the receivers get.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.NotificationEvent")]
public sealed record NotificationEvent(
    [property: Id(0)] string Event,
    [property: Id(1)] string AgencyId,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Payload,
    [property: Id(5)] string? Email);
