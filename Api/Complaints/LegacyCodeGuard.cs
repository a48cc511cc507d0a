using Lapor.Api.Http;

namespace Lapor.Api.Complaints;

/// <summary>
/// First-format tracking codes carry no check value, so only a look-up can tell a real one from a made-up one. Each
/// address may miss only <see cref="RateLimitSettings.LegacyCodeMisses"/> such look-ups (a token bucket); after that
/// its first-format codes are refused (429) before any grain is touched, until the bucket refills. Real codes that are
/// found cost nothing. Kept in memory, bounded in size, timed by <see cref="TimeProvider"/>.
/// </summary>
public sealed class LegacyCodeGuard(RateLimitSettings settings, TimeProvider time)
{
    private const int MaxAddresses = 100_000;

    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    private double Burst => Math.Max(1, settings.LegacyCodeMisses.Burst);

    private double PerSecond => Math.Max(1, settings.LegacyCodeMisses.PerMinute) / 60.0;

    /// <summary>Null: the address may look up a first-format code; otherwise how long it must wait for the next one.</summary>
    public TimeSpan? Wait(string address)
    {
        if (!settings.Enabled)
        {
            return null;
        }

        lock (_buckets)
        {
            var tokens = Tokens(address, time.GetUtcNow());
            return tokens >= 1 ? null : TimeSpan.FromSeconds((1 - tokens) / PerSecond);
        }
    }

    /// <summary>A first-format code looked up by this address did not exist (or its secret was wrong).</summary>
    public void Missed(string address)
    {
        if (!settings.Enabled)
        {
            return;
        }

        lock (_buckets)
        {
            var now = time.GetUtcNow();
            if (_buckets.Count >= MaxAddresses)
            {
                // Forget the addresses whose buckets have refilled: they would start full anyway.
                foreach (var full in _buckets.Where(b => Tokens(b.Key, now) >= Burst).Select(b => b.Key).ToList())
                {
                    _buckets.Remove(full);
                }
            }

            _buckets[address] = (Math.Max(0, Tokens(address, now) - 1), now);
        }
    }

    private double Tokens(string address, DateTimeOffset now) =>
        _buckets.TryGetValue(address, out var bucket)
            ? Math.Min(Burst, bucket.Tokens + (now - bucket.At).TotalSeconds * PerSecond)
            : Burst;
}
