using Lapor.Domain.Notifications;

namespace Lapor.Grains.Indexes;

/// <summary>
/// The notification table (<c>lapor_notification</c>): events go in from the complaint's outbox, one row per matching
/// subscription (or per direct receiver), idempotent by event and receiver; a dispatcher on every silo delivers them.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Inserts a complaint's events; a repeat (after a crash or a retry) inserts nothing new, and an event older than the
    /// retention of finished rows is left out, whether rows are purged or not (see <see cref="PurgeFinishedAsync"/>).
    /// </summary>
    Task RecordAsync(string complaintId, IReadOnlyList<NotificationEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts one message to a direct receiver (an SMS sender); a repeat of <see cref="DirectNotification.Key"/> inserts
    /// nothing, nor does a message older than the retention of finished rows.
    /// </summary>
    Task RecordDirectAsync(DirectNotification notification, CancellationToken cancellationToken = default);

    /// <summary>
    /// Blanks the complaint's messages to direct receivers (the reporter's e-mail, an SMS sender): address, text and
    /// error, with any still waiting dropped. For the erasure of the reporter's data (docs/domain.md §5.1); a repeat
    /// changes nothing. Agencies' subscription rows carry no reporter and stay.
    /// </summary>
    Task ForgetReporterAsync(string complaintId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes up to <paramref name="take"/> rows that are finished (delivered, dead or dropped) and were last due longer
    /// ago than the operator's retention plus a day; returns how many went (0 when the operator keeps every row). Pending
    /// rows always stay. A purged row can never come back: an event older than the retention is not recorded again
    /// (<see cref="RecordAsync"/>), which a complaint's stored state, still holding its last change's events, would do
    /// when it wakes.
    /// </summary>
    Task<int> PurgeFinishedAsync(int take, CancellationToken cancellationToken = default);
}

/// <summary>
/// A message to one receiver outside any subscription. <see cref="Key"/> makes it idempotent (the stable event id is
/// derived from it); <see cref="Channel"/> picks the sender (e.g. <c>sms</c>).
/// </summary>
public sealed record DirectNotification(string Key, string Channel, string Event, string ComplaintId, int Version, string Target, string Payload,
    DateTimeOffset At, int MaxAttempts = 0);
