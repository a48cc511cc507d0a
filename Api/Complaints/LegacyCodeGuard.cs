using System.Threading.RateLimiting;
using Lapor.Api.Http;

namespace Lapor.Api.Complaints;

/// <summary>
/// First-format tracking codes carry no check value, so only a look-up can tell a real one from a made-up one. Each
/// address may miss only <see cref="RateLimitSettings.LegacyCodeMisses"/> such look-ups; after that its first-format
/// codes are refused (429) before any grain is touched, until the bucket refills. Real codes that are found cost nothing.
/// </summary>
public sealed class LegacyCodeGuard(RateLimitSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _misses = PartitionedRateLimiter.Create<string, string>(address =>
        settings.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(address, _ => settings.LegacyCodeMisses.Options())
            : RateLimitPartition.GetNoLimiter(address));

    /// <summary>Null: the address may look up a first-format code; otherwise how long it must wait.</summary>
    public TimeSpan? Wait(string address)
    {
        using var lease = _misses.AttemptAcquire(address, 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    /// <summary>A first-format code looked up by this address did not exist (or its secret was wrong).</summary>
    public void Missed(string address) => _misses.AttemptAcquire(address).Dispose();

    public void Dispose() => _misses.Dispose();
}
