using System.Diagnostics;
using System.Net;

namespace Lapor.Bench;

/// <summary>What one closed-loop load run measured: every successful call's latency (exact, sorted), errors, time.</summary>
public sealed record LoadResult(int Clients, long Ok, long Errors, TimeSpan Elapsed, long[] LatencyTicks)
{
    public double Rate => Ok / Elapsed.TotalSeconds;

    public double PercentileMs(double p) => Stats.PercentileMs(LatencyTicks, p);
}

public static class Stats
{
    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds.</summary>
    public static double PercentileMs(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sortedTicks.Length);
        var index = Math.Clamp(rank - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }

    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>HTTP clients over loopback with many pooled connections, one per base address.</summary>
public sealed class Http : IDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly bool[] _dead;

    public Http(IReadOnlyList<Uri> baseAddresses, int connections)
    {
        foreach (var address in baseAddresses)
        {
            if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
            {
                throw new ArgumentException($"Only loopback addresses are allowed: {address}");
            }

#pragma warning disable CA2000 // the HttpClient owns and disposes the handler
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(1, connections),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            };
#pragma warning restore CA2000
            _clients.Add(new HttpClient(handler, disposeHandler: true) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) });
        }

        _dead = new bool[_clients.Count];
    }

    public int Count => _clients.Count;

    /// <summary>The client for a worker (round-robin over live hosts).</summary>
    public HttpClient For(long n)
    {
        for (var i = 0; i < _clients.Count; i++)
        {
            var index = (int)((n + i) % _clients.Count);
            if (!Volatile.Read(ref _dead[index]))
            {
                return _clients[index];
            }
        }

        return _clients[0];
    }

    public void MarkDead(int index) => Volatile.Write(ref _dead[index], true);

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}

public static class LoadRunner
{
    /// <summary>
    /// Closed loop: <paramref name="clients"/> workers each call <paramref name="operation"/> back to back until
    /// <paramref name="duration"/> has passed or <paramref name="maxCount"/> calls were made in all. Bounded in both.
    /// With <paramref name="rate"/> (calls per second in all) the calls are paced instead: call n is due n / rate seconds
    /// after the start, and its latency counts from that due time, so a call that starts late because every worker was
    /// busy is not measured as fast (give enough workers that one is usually free).
    /// </summary>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, long maxCount, Func<long, CancellationToken, Task<bool>> operation,
        double rate = 0)
    {
        using var stop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(35));
        var issued = 0L;
        var errors = 0L;
        var samples = new List<long>[clients];
        var total = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<long>(4096);
            while (total.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > maxCount)
                {
                    break;
                }

                var start = Stopwatch.GetTimestamp();
                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds((n - 1) / rate);
                    if (due >= duration)
                    {
                        break;
                    }

                    if (due - total.Elapsed is { } wait && wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    start = origin + (long)(due.TotalSeconds * Stopwatch.Frequency);
                }

                bool ok;
                try
                {
                    ok = await operation(n, stop.Token);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    ok = false;
                }

                if (ok)
                {
                    mine.Add(Stopwatch.GetTimestamp() - start);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = total.Elapsed;
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return new LoadResult(clients, all.LongLength, errors, elapsed, all);
    }
}
