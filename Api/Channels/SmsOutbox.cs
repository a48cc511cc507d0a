using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>One answer to an SMS sender, waiting for the gateway's outbound webhook.</summary>
public sealed record OutboundSms(string To, string Text, string? Reference);

/// <summary>
/// Answers to SMS senders, queued in memory and posted to the gateway's outbound webhook by
/// <see cref="SmsDelivery"/>. Not durable: answers still queued when the host stops are lost (logged with their
/// count); the complaint itself is stored before anything is queued. A durable notification outbox is issue 12.
/// </summary>
public sealed partial class SmsOutbox(IOptions<SmsChannelOptions> options, ILogger<SmsOutbox> logger)
{
    public const string HttpClientName = "lapor-sms-gateway";

    private readonly System.Threading.Channels.Channel<OutboundSms> _queue =
        System.Threading.Channels.Channel.CreateBounded<OutboundSms>(new System.Threading.Channels.BoundedChannelOptions(
            Math.Max(1, options.Value.Outbound.QueueCapacity))
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite,
        });

    public bool Configured => options.Value.Outbound.Url is { Length: > 0 };

    internal System.Threading.Channels.ChannelReader<OutboundSms> Reader => _queue.Reader;

    /// <summary>Queues an answer; false (and logged) when no webhook is configured or the queue is full.</summary>
    public bool Enqueue(OutboundSms message)
    {
        if (!Configured)
        {
            return false;
        }

        if (!_queue.Writer.TryWrite(message))
        {
            LogDropped(logger, message.Reference ?? "-");
            return false;
        }

        return true;
    }

    internal void Complete() => _queue.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS answer for {Reference} dropped: outbound queue full")]
    private static partial void LogDropped(ILogger logger, string reference);
}

/// <summary>
/// Posts queued answers to the gateway (JSON, field names from settings), signed like inbound calls so the gateway
/// can check them. A network error, a timeout, 408, 429 or 5xx is retried with exponential backoff and jitter up to
/// the configured attempts; any other 4xx is final. A few workers run at once so one slow message does not hold up
/// the rest.
/// </summary>
public sealed partial class SmsDelivery(
    SmsOutbox outbox,
    IHttpClientFactory clients,
    IOptions<SmsChannelOptions> options,
    TimeProvider time,
    ILogger<SmsDelivery> logger) : BackgroundService
{
    private const int Workers = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        !outbox.Configured ? Task.CompletedTask : Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        outbox.Complete();
        await base.StopAsync(cancellationToken);
        if (outbox.Reader.Count > 0)
        {
            LogLost(logger, outbox.Reader.Count);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(OutboundSms message, CancellationToken stoppingToken)
    {
        var o = options.Value;
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            [o.Outbound.ToField] = message.To,
            [o.Outbound.TextField] = message.Text,
            ["reference"] = message.Reference,
        });
        var attempts = Math.Max(1, o.Outbound.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            HttpStatusCode? status = null;
            try
            {
                using var client = clients.CreateClient(SmsOutbox.HttpClientName);
                client.Timeout = o.Outbound.Timeout;
                using var request = new HttpRequestMessage(HttpMethod.Post, o.Outbound.Url) { Content = new ByteArrayContent(payload) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                Sign(request, payload, o);
                using var response = await client.SendAsync(request, stoppingToken);
                status = response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                if ((int)status < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests)
                {
                    LogRefused(logger, message.Reference ?? "-", (int)status);
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
            }

            if (attempt >= attempts)
            {
                LogGaveUp(logger, message.Reference ?? "-", attempt, status is { } s ? (int)s : 0);
                return;
            }

            var backoff = o.Outbound.RetryBaseDelay * Math.Pow(2, attempt - 1) * (0.75 + Random.Shared.NextDouble() / 2);
            await Task.Delay(backoff < TimeSpan.FromMinutes(5) ? backoff : TimeSpan.FromMinutes(5), time, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS answer for {Reference} refused by the gateway with {Status}; not retried")]
    private static partial void LogRefused(ILogger logger, string reference, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS answer for {Reference} not delivered after {Attempts} attempts (last status {Status})")]
    private static partial void LogGaveUp(ILogger logger, string reference, int attempts, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} SMS answers were still queued when the host stopped and are lost")]
    private static partial void LogLost(ILogger logger, int count);
}
