using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lapor.Hosting.Notifications;

/// <summary>
/// Sends an event as a plain-text e-mail over SMTP (MailKit) with the relay in <c>Lapor:Notifications:Smtp</c>. The
/// stable event id goes in the Message-ID, so a mail client can spot a repeat. Off while no host is set.
/// </summary>
public sealed class EmailSender(IOptions<NotificationOptions> options, AgencyNames names) : INotificationSender
{
    public string Channel => "email";

    public async Task<SendOutcome> SendAsync(ClaimedDelivery delivery, Subscription? subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var o = options.Value;
        if (string.IsNullOrEmpty(o.Smtp.Host))
        {
            return SendOutcome.Retry("SMTP not configured (Lapor:Notifications:Smtp:Host)");
        }

        var to = subscription?.Target ?? delivery.Target;
        var rendered = NotificationTemplates.Render(delivery.Event, delivery.Payload, o.PublicBaseUrl, await names.LookupAsync(delivery.Payload));
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.Smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = rendered.Subject;
        message.MessageId = $"{delivery.EventId}@lapor";
        message.Headers.Add("X-Lapor-Event-Id", delivery.EventId);
        message.Body = new TextPart("plain") { Text = rendered.Text };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        try
        {
            using var client = new SmtpClient();
            client.Timeout = (int)o.Timeout.TotalMilliseconds;
            await client.ConnectAsync(o.Smtp.Host, o.Smtp.Port, o.Smtp.Tls switch
            {
                SmtpTlsMode.None => SecureSocketOptions.None,
                SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
                SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, timeout.Token);
            if (!string.IsNullOrEmpty(o.Smtp.UserName))
            {
                await client.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? "", timeout.Token);
            }

            await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(true, timeout.Token);
            return SendOutcome.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Servers' replies often quote the recipient, and the error goes to the row, the log and the admins' list:
            // a reporter's address, anonymous or not, must reach none of them.
            var error = e.Message.Replace(to, "[alamat penerima]", StringComparison.OrdinalIgnoreCase);
            return e is SmtpCommandException { StatusCode: >= (MailKit.Net.Smtp.SmtpStatusCode)500 and < (MailKit.Net.Smtp.SmtpStatusCode)600 } permanent
                && permanent.ErrorCode == SmtpErrorCode.RecipientNotAccepted
                ? SendOutcome.GiveUp("SMTP: " + error)
                : SendOutcome.Retry("SMTP: " + e.GetType().Name + ": " + error);
        }
    }
}
