using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lapor.TestKit;

/// <summary>
/// A webhook receiver as a real HTTP server on loopback (Kestrel). It checks each call the way a Standard Webhooks
/// consumer would (HMAC-SHA256 over id.timestamp.body with any of the secrets it knows, timestamp within 5 minutes),
/// can fail the next calls on purpose or answer slowly, and records every attempt, so tests can check signatures,
/// order per complaint and de-duplication by <c>webhook-id</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentQueue<string> _secrets = new();
    private int _failNext;
    private WebApplication? _app;

    /// <summary>One attempt; <paramref name="At"/> is when it arrived by <see cref="Now"/> (the driven clock in tests that drive one).</summary>
    public sealed record Call(string Id, long Timestamp, string Body, JsonObject Json, bool SignatureValid, int SignatureCount, int Status, DateTimeOffset At);

    public Uri Url { get; private set; } = null!;

    /// <summary>Answer this long before replying (a slow receiver).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Clock used for the replay-window check (the engine's clock in tests that drive one).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>Accepted calls only (2xx).</summary>
    public IReadOnlyList<Call> Accepted => [.. _calls.Where(c => c.Status < 300)];

    public void Trust(string secret) => _secrets.Enqueue(secret);

    /// <summary>The next <paramref name="times"/> calls answer 500.</summary>
    public void FailNext(int times) => Interlocked.Exchange(ref _failNext, times);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = Encoding.UTF8.GetString(buffer.ToArray());
            var at = Now();
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            var id = http.Request.Headers["webhook-id"].ToString();
            var stamp = long.TryParse(http.Request.Headers["webhook-timestamp"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var signatures = http.Request.Headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var valid = Math.Abs(Now().ToUnixTimeSeconds() - stamp) <= 300
                && signatures.Any(sig => _secrets.Any(secret => sig == "v1," + Sign(secret, id, stamp, body)));
            var status = Interlocked.Decrement(ref _failNext) >= 0 ? 500 : valid ? 200 : 401;
            _calls.Enqueue(new Call(id, stamp, body, JsonNode.Parse(body)!.AsObject(), valid, signatures.Length, status, at));
            return Results.StatusCode(status);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(new Uri(address), "/hook");
    }

    /// <summary>Standard Webhooks: base64(HMAC-SHA256(base64-decoded whsec_ secret, "{id}.{timestamp}.{body}")).</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));
    }

    /// <summary>Waits until accepted calls satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<Call>> WaitForAsync(Func<IReadOnlyList<Call>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var accepted = Accepted;
            if (done(accepted))
            {
                return accepted;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Webhook receiver: condition not met; {_calls.Count} calls: "
                    + string.Join(" | ", _calls.Select(c => $"{c.Status} {c.Json["type"]} {c.Json["data"]?["trackingCode"]}")));
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
