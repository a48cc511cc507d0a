using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Lapor.Hosting.Notifications;

/// <summary>
/// Posts an event to an agency's webhook, signed per Standard Webhooks: <c>webhook-id</c> (the stable event id, for
/// de-duplication), <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>, a space-separated list of
/// <c>v1,base64(HMAC-SHA256(secret, id.timestamp.body))</c>, one per active secret (rotation). Receivers should refuse
/// a timestamp more than 5 minutes away from their clock (the replay window, docs/operations.md). Any non-2xx answer,
/// a timeout or a network error is retried.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<NotificationOptions> options, TimeProvider time) : INotificationSender
{
    public const string HttpClientName = "lapor-webhooks";

    public string Channel => "webhook";

    public async Task<SendOutcome> SendAsync(ClaimedDelivery delivery, Subscription? subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (subscription is null)
        {
            return SendOutcome.GiveUp("subscription missing");
        }

        if (WebhookAddresses.Check(subscription.Target, options.Value) is { } refused)
        {
            return SendOutcome.GiveUp(refused);
        }

        var now = time.GetUtcNow();
        var body = Encoding.UTF8.GetBytes(Body(delivery, now));
        var stamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", stamp);
        request.Headers.Add("webhook-signature", string.Join(' ', subscription.ActiveSecrets(now).Select(s => "v1," + Sign(s.Secret, delivery.EventId, stamp, body))));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Lapor.Orleans", "1"));
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            client.Timeout = options.Value.Timeout;
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? SendOutcome.Ok : SendOutcome.Retry($"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retry(e is TaskCanceledException ? "timeout" : "network: " + e.Message);
        }
    }

    /// <summary>The Standard Webhooks envelope: type, timestamp and the event's (already redacted) data.</summary>
    public static string Body(ClaimedDelivery delivery, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new JsonObject
        {
            ["type"] = "lapor." + delivery.Event,
            ["timestamp"] = now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["data"] = JsonNode.Parse(delivery.Payload),
        }.ToJsonString();
    }

    /// <summary>base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")); a <c>whsec_</c> secret's key is its base64 part.</summary>
    public static string Sign(string secret, string id, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret[6..]) : Encoding.UTF8.GetBytes(secret);
        byte[] content = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        return Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>A fresh secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
