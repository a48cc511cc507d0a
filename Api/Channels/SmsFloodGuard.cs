using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>
/// Limits how many messages one phone number may send per window (the ASP.NET Core rate limiter's fixed window,
/// partitioned by number), after the gateway is authenticated: the number is only known then. Per host.
/// </summary>
public sealed class SmsFloodGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public SmsFloodGuard(IOptions<SmsChannelOptions> options)
    {
        var o = options.Value;
        _window = o.PerNumberWindow > TimeSpan.Zero ? o.PerNumberWindow : TimeSpan.FromMinutes(10);
        _limiter = PartitionedRateLimiter.Create<string, string>(number => RateLimitPartition.GetFixedWindowLimiter(number,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, o.PerNumberLimit), Window = _window, QueueLimit = 0 }));
    }

    /// <summary>Null when the message may pass; otherwise the seconds to wait.</summary>
    public int? Refuse(string number)
    {
        using var lease = _limiter.AttemptAcquire(number);
        return lease.IsAcquired ? null : ChannelRateLimits.RetryAfterSeconds(lease, _window);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Gateway message ids already handled as replies, for a day, so a gateway's retry does not post a reply twice
/// (new reports need no such list: their tracking code is derived from the message id). Per host and in memory.
/// </summary>
public sealed class SmsRecentMessages(TimeProvider time)
{
    private const int Capacity = 50_000;
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public bool Seen(string id) => _seen.TryGetValue(id, out var at) && time.GetUtcNow() - at < Keep;

    public void Remember(string id)
    {
        var now = time.GetUtcNow();
        if (_seen.Count >= Capacity)
        {
            foreach (var old in _seen.Where(p => now - p.Value >= Keep).Select(p => p.Key).ToList())
            {
                _seen.TryRemove(old, out _);
            }

            if (_seen.Count >= Capacity)
            {
                _seen.Clear();
            }
        }

        _seen[id] = now;
    }
}
