using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lapor.Cluster.Tests;

/// <summary>An HTTP client over several API hosts: round-robin, retries 503s and connection failures, counts 5xx.</summary>
public sealed class Fleet : IDisposable
{
    private readonly List<(HostProcess Host, HttpClient Http)> _hosts = [];
    private readonly HashSet<string> _down = [];
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private int _next;
    private int _500;
    private int _503;
    private int _connectionFailures;

    public Fleet(IEnumerable<HostProcess> hosts)
    {
        foreach (var h in hosts)
        {
            _hosts.Add((h, new HttpClient { BaseAddress = h.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }));
        }
    }

    public int Status500 => _500;

    public int Status503 => _503;

    public int ConnectionFailures => _connectionFailures;

    public ConcurrentQueue<string> Unexpected { get; } = new();

    /// <summary>Stops sending to a host (it was killed or hung on purpose).</summary>
    public void MarkDown(HostProcess host)
    {
        lock (_down)
        {
            _down.Add(host.Name);
        }
    }

    private HttpClient Pick()
    {
        lock (_down)
        {
            for (var i = 0; i < _hosts.Count; i++)
            {
                var (host, http) = _hosts[Interlocked.Increment(ref _next) % _hosts.Count];
                if (!_down.Contains(host.Name))
                {
                    return http;
                }
            }
        }

        throw new InvalidOperationException("No API host left.");
    }

    public async Task<string> TokenAsync(string user)
    {
        if (_tokens.TryGetValue(user, out var token))
        {
            return token;
        }

        using var response = await SendAsync(() => LaporRequests.Token(user), TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        _tokens[user] = token;
        return token;
    }

    /// <summary>
    /// Sends (a fresh copy of) the request until it gets an answer other than 503 or a connection failure, for at most
    /// <paramref name="budget"/>. Every attempt picks the next host.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, TimeSpan budget)
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            using var message = request();
            try
            {
                response = await Pick().SendAsync(message);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _connectionFailures);
            }

            if (response is not null)
            {
                var status = (int)response.StatusCode;
                if (status == 500)
                {
                    Interlocked.Increment(ref _500);
                    Unexpected.Enqueue($"500 {message.RequestUri}: {await response.Content.ReadAsStringAsync()}");
                }

                if (status == 503)
                {
                    Interlocked.Increment(ref _503);
                    Assert.True(response.Headers.RetryAfter is not null || response.Headers.Contains("Retry-After"), "503 without Retry-After");
                }

                if (status is not (503 or 500 or 502 or 504))
                {
                    return response;
                }

                if (deadline.Elapsed > budget)
                {
                    return response;
                }

                response.Dispose();
            }
            else if (deadline.Elapsed > budget)
            {
                throw new TimeoutException($"No answer within {budget} after {attempt} attempts.");
            }

            await Task.Delay(Math.Min(1000, 100 * attempt));
        }
    }

    public sealed record Accepted(string Code, string Secret);

    /// <summary>Submits with an Idempotency-Key (so retries land on one complaint). Null when no 2xx came within the budget.</summary>
    public async Task<Accepted?> SubmitAsync(ReportBuilder report, TimeSpan budget)
    {
        var key = Guid.NewGuid().ToString();
        using var response = await SendAsync(() => LaporRequests.Submit(report, key), budget);
        if (!response.IsSuccessStatusCode)
        {
            if ((int)response.StatusCode is not 503)
            {
                Unexpected.Enqueue($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return null;
        }

        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Accepted(json["trackingCode"]!.GetValue<string>(), json["secret"]!.GetValue<string>());
    }

    /// <summary>Reads a complaint as Admin Nasional (full timeline).</summary>
    public async Task<JsonObject?> ReadAsync(string code, TimeSpan budget)
    {
        var token = await TokenAsync("admin.nasional");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/{code}").WithBearer(token), budget);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    /// <summary>Defines an agency under the national root with a one-minute verification limit.</summary>
    public async Task<string> DefineShortSlaAgencyAsync()
    {
        var token = await TokenAsync("admin.nasional");
        var id = "uji-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await SendAsync(() => LaporRequests.DefineAgency(id, "nasional", "ministry", LaporRequests.VerificationWithinMinutes(1), token),
            TimeSpan.FromSeconds(30));
        Assert.True(response.IsSuccessStatusCode, $"define agency: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>Submits <paramref name="count"/> reports at about <paramref name="perSecond"/>, calling <paramref name="at"/> after each start.</summary>
    public async Task<List<Accepted>> StreamAsync(int count, int perSecond, Func<int, ReportBuilder> report, Func<int, Task>? at = null, TimeSpan? budget = null)
    {
        var accepted = new ConcurrentBag<Accepted>();
        var running = new List<Task>();
        var started = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed);
            }

            var n = i;
            running.Add(Task.Run(async () =>
            {
                if (await SubmitAsync(report(n), budget ?? TimeSpan.FromSeconds(40)) is { } ok)
                {
                    accepted.Add(ok);
                }
            }));
            if (at is not null)
            {
                await at(i);
            }
        }

        await Task.WhenAll(running);
        return [.. accepted];
    }

    public void Dispose()
    {
        foreach (var (_, http) in _hosts)
        {
            http.Dispose();
        }
    }
}
