namespace Lapor.Hosting.Notifications;

/// <summary>How one try went: delivered, failed for now (retried), or failed for good (set aside at once).</summary>
public readonly record struct SendOutcome(bool Delivered, bool Final, string Error)
{
    public static SendOutcome Ok { get; } = new(true, false, "");
    public static SendOutcome Retry(string error) => new(false, false, error);
    public static SendOutcome GiveUp(string error) => new(false, true, error);
}

/// <summary>Delivers rows of one channel (<c>webhook</c>, <c>email</c>, <c>sms</c>); the dispatcher claims only channels with a sender.</summary>
public interface INotificationSender
{
    string Channel { get; }

    /// <summary>One try. <paramref name="subscription"/> is the row's subscription (null for direct receivers).</summary>
    Task<SendOutcome> SendAsync(ClaimedDelivery delivery, Subscription? subscription, CancellationToken cancellationToken);
}
