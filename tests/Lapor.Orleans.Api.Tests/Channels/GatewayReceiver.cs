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

namespace Lapor.Api.Tests.Channels;

/// <summary>
/// An SMS gateway's outbound webhook as a real HTTP server on loopback (Kestrel): records every answer the engine
/// posts, checks its signature the way a gateway would, and can be told to fail the first attempts for a number.
/// </summary>
public sealed class GatewayReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> _received = new();
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public sealed record Delivery(string To, string Text, string? Reference, bool Signed, int Attempt);

    public Uri Url { get; private set; } = null!;
    public string Secret { get; }
    public bool SharedSecretMode { get; }

    public GatewayReceiver(string secret, bool sharedSecretMode = false)
    {
        Secret = secret;
        SharedSecretMode = sharedSecretMode;
    }

    public IReadOnlyCollection<Delivery> Received => [.. _received];

    /// <summary>The next <paramref name="times"/> attempts to deliver to <paramref name="number"/> answer 503.</summary>
    public void FailNext(string number, int times) => _failures[number] = times;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/sms/outbound", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var json = JsonNode.Parse(body)!.AsObject();
            var to = json["nomor_tujuan"]!.GetValue<string>();
            var attempt = _attempts.AddOrUpdate(to, 1, (_, n) => n + 1);
            if (_failures.TryGetValue(to, out var left) && left > 0)
            {
                _failures[to] = left - 1;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            _received.Enqueue(new Delivery(to, json["isi"]!.GetValue<string>(), json["reference"]?.GetValue<string>(), Verify(http.Request, body), attempt));
            return Results.Ok();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(new Uri(address), "/sms/outbound");
    }

    private bool Verify(HttpRequest request, byte[] body)
    {
        if (SharedSecretMode)
        {
            return request.Headers["X-Lapor-Gateway-Secret"].ToString() == Secret;
        }

        var stamp = request.Headers["X-Lapor-Timestamp"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(Sign(Secret, stamp, body));
        return long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) < 300
            && request.Headers["X-Lapor-Signature"].ToString() == expected;
    }

    public static byte[] Sign(string secret, string stamp, byte[] body)
    {
        byte[] data = [.. Encoding.ASCII.GetBytes(stamp + "."), .. body];
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
    }

    /// <summary>Waits until an answer to <paramref name="to"/> that satisfies <paramref name="match"/> arrives.</summary>
    public async Task<Delivery> WaitForAsync(string to, Func<Delivery, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (_received.FirstOrDefault(d => d.To == to && (match is null || match(d))) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No SMS answer to {to}; received: {string.Join(" | ", _received.Select(d => d.To + ": " + d.Text))}");
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
