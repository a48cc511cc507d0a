using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lapor.Domain.Notifications;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Notifications;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>One answer to an SMS sender. <see cref="Key"/> makes it idempotent: a repeat of the same answer is recorded once.</summary>
public sealed record OutboundSms(string To, string Text, string? Reference, string Key);

/// <summary>
/// Answers to SMS senders go through the durable notification outbox (channel <c>sms</c>): recorded in the
/// notification table, then delivered by a dispatcher through <see cref="SmsGatewaySender"/> with retries, and set
/// aside (visible to admins) when the gateway never takes them. Nothing queued is lost when a host stops.
/// </summary>
public sealed class SmsOutbox(IOptions<SmsChannelOptions> options, INotificationOutbox outbox, TimeProvider time)
{
    public const string HttpClientName = "lapor-sms-gateway";

    public bool Configured => options.Value.Outbound.Url is { Length: > 0 };

    /// <summary>Records an answer; false when no outbound webhook is configured.</summary>
    public async Task<bool> EnqueueAsync(OutboundSms message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Configured)
        {
            return false;
        }

        var payload = new JsonObject { ["to"] = message.To, ["text"] = message.Text, ["reference"] = message.Reference }.ToJsonString();
        await outbox.RecordDirectAsync(new DirectNotification("sms\n" + message.Key, "sms", NotificationKinds.SmsAnswer, message.Reference ?? "",
            0, message.To, payload, time.GetUtcNow(), Math.Max(1, options.Value.Outbound.MaxAttempts)));
        return true;
    }
}

/// <summary>
/// Posts an SMS answer to the gateway (JSON, field names from settings), signed like inbound calls so the gateway can
/// check them. A network error, a timeout, 408, 429 or 5xx is retried by the dispatcher; any other 4xx is final.
/// </summary>
public sealed class SmsGatewaySender(IHttpClientFactory clients, IOptions<SmsChannelOptions> options, TimeProvider time) : INotificationSender
{
    public string Channel => "sms";

    public async Task<SendOutcome> SendAsync(ClaimedDelivery delivery, Subscription? subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var o = options.Value;
        if (o.Outbound.Url is not { Length: > 0 } url)
        {
            return SendOutcome.Retry("SMS outbound webhook not configured");
        }

        var answer = JsonNode.Parse(delivery.Payload)!.AsObject();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            [o.Outbound.ToField] = answer["to"]?.GetValue<string>(),
            [o.Outbound.TextField] = answer["text"]?.GetValue<string>(),
            ["reference"] = answer["reference"]?.GetValue<string>(),
        });
        try
        {
            using var client = clients.CreateClient(SmsOutbox.HttpClientName);
            client.Timeout = o.Outbound.Timeout;
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add("Idempotency-Key", delivery.EventId);
            Sign(request, payload, o);
            using var response = await client.SendAsync(request, cancellationToken);
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendOutcome.Ok;
            }

            return (int)status < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests
                ? SendOutcome.GiveUp($"HTTP {(int)status}")
                : SendOutcome.Retry($"HTTP {(int)status}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retry(e is TaskCanceledException ? "timeout" : "network: " + e.Message);
        }
    }

    private void Sign(HttpRequestMessage request, byte[] payload, SmsChannelOptions o)
    {
        if (o.Mode == SmsAuthMode.SharedSecret)
        {
            request.Headers.Add(o.SecretHeader, o.Secret);
            return;
        }

        var stamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SmsGatewayHandler.Sign(Encoding.UTF8.GetBytes(o.Secret ?? ""), stamp, payload);
        request.Headers.Add(o.TimestampHeader, stamp);
        request.Headers.Add(o.SignatureHeader, "sha256=" + Convert.ToHexStringLower(signature));
    }
}
