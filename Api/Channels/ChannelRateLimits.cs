using System.Threading.RateLimiting;
using Lapor.Api.Open311;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Lapor.Api.Channels;

/// <summary>
/// Named rate-limiter policies of the channel doors, one fixed window per client address. They run before
/// authentication, so forged and unsigned calls use up the window as much as good ones. A refusal is 429 with
/// Retry-After: in the Open311 error format on Open311 paths, RFC 9457 elsewhere. Limits are per host.
/// </summary>
public static class ChannelRateLimits
{
    public const string Open311Read = "open311-read";
    public const string Open311Write = "open311-write";
    public const string Sms = "channel-sms";
    public const string Social = "channel-social";

    public static RateLimiterOptions AddChannelPolicies(this RateLimiterOptions options, ChannelRateLimitOptions limits)
    {
        options.AddPolicy(Open311Read, new PerAddressPolicy(limits.Open311Read, open311: true));
        options.AddPolicy(Open311Write, new PerAddressPolicy(limits.Open311Write, open311: true));
        options.AddPolicy(Sms, new PerAddressPolicy(limits.Sms, open311: false));
        options.AddPolicy(Social, new PerAddressPolicy(limits.Social, open311: false));
        return options;
    }

    /// <summary>Seconds until a refused caller may try again, from the lease (at least 1).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease, TimeSpan fallback) =>
        (int)Math.Max(1, Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : fallback).TotalSeconds));

    /// <summary>Writes the 429 problem (RFC 9457) naming what was limited.</summary>
    public static Task WriteTooManyAsync(HttpContext http, int retryAfterSeconds, string field, string message)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Terlalu banyak permintaan.",
                Detail = message,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
            },
        }).AsTask();
    }

    private sealed class PerAddressPolicy(RateLimitSetting setting, bool open311) : IRateLimiterPolicy<string>
    {
        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, setting.PermitLimit),
                Window = setting.Window > TimeSpan.Zero ? setting.Window : TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
        {
            var seconds = RetryAfterSeconds(context.Lease, setting.Window);
            var http = context.HttpContext;
            if (open311)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await O311Results.WriteErrorAsync(http, new O311Error(StatusCodes.Status429TooManyRequests,
                    $"Terlalu banyak permintaan dari alamat ini; coba lagi dalam {seconds} detik."), cancellationToken);
                return;
            }

            await WriteTooManyAsync(http, seconds, "client", $"Terlalu banyak permintaan dari alamat ini; coba lagi dalam {seconds} detik.");
        };
    }
}
