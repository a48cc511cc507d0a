using System.Threading.RateLimiting;
using Lapor.Api.Http;

namespace Lapor.Api.Web;

/// <summary>
/// The track page's guard against guessing secrets: the same per-code and per-address limits as the reporter API
/// (<see cref="RateLimitSettings.ReporterCode"/>, <see cref="RateLimitSettings.ReporterAddress"/>), checked when a
/// code and secret arrive in a form instead of a route and a header.
/// </summary>
public sealed class WebTrackingLimiter : IDisposable
{
    private readonly RateLimitSettings _settings;
    private readonly PartitionedRateLimiter<string> _codes;
    private readonly PartitionedRateLimiter<string> _addresses;

    public WebTrackingLimiter(RateLimitSettings settings)
    {
        _settings = settings;
        _codes = PartitionedRateLimiter.Create<string, string>(k => RateLimitPartition.GetTokenBucketLimiter(k, _ => settings.ReporterCode.Options()));
        _addresses = PartitionedRateLimiter.Create<string, string>(k => RateLimitPartition.GetTokenBucketLimiter(k, _ => settings.ReporterAddress.Options()));
    }

    /// <summary>True when this address may check a secret for this code now.</summary>
    public bool TryAcquire(HttpContext http, string code)
    {
        if (!_settings.Enabled)
        {
            return true;
        }

        using var address = _addresses.AttemptAcquire(RateLimits.ClientAddress(http));
        if (!address.IsAcquired)
        {
            return false;
        }

        using var perCode = _codes.AttemptAcquire(code);
        return perCode.IsAcquired;
    }

    public void Dispose()
    {
        _codes.Dispose();
        _addresses.Dispose();
    }
}
