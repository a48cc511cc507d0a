using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Http;

/// <summary>A token bucket: up to <see cref="Burst"/> at once, refilled at <see cref="PerMinute"/>.</summary>
public sealed class TokenBucketSettings
{
    public int Burst { get; set; }
    public int PerMinute { get; set; }

    public TokenBucketRateLimiterOptions Options() => new()
    {
        TokenLimit = Math.Max(1, Burst),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, PerMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>Abuse limits, bound from <c>Lapor:RateLimits</c> (docs/operations.md, "Abuse limits").</summary>
public sealed class RateLimitSettings
{
    public const string Section = "Lapor:RateLimits";

    /// <summary>Off only for load tests on a closed network.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>New complaints per client address: at most 300 at once, then one a second. Lenient: many citizens share one address behind carrier NAT.</summary>
    public TokenBucketSettings Submission { get; set; } = new() { Burst = 300, PerMinute = 60 };

    /// <summary>Sign-in attempts per client address, whatever the account.</summary>
    public TokenBucketSettings SignIn { get; set; } = new() { Burst = 30, PerMinute = 10 };

    /// <summary>Failed sign-ins per account and address before each further failure doubles the wait (1 s, 2 s, 4 s, ...).</summary>
    public int SignInFreeFailures { get; set; } = 5;

    /// <summary>The longest wait the sign-in back-off imposes.</summary>
    public TimeSpan SignInMaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Reporter requests (secret checks) per tracking code.</summary>
    public TokenBucketSettings ReporterCode { get; set; } = new() { Burst = 30, PerMinute = 10 };

    /// <summary>Reporter requests per client address, whatever the code.</summary>
    public TokenBucketSettings ReporterAddress { get; set; } = new() { Burst = 300, PerMinute = 120 };

    /// <summary>Look-ups of first-format tracking codes that find nothing, per client address.</summary>
    public TokenBucketSettings LegacyCodeMisses { get; set; } = new() { Burst = 20, PerMinute = 2 };

    public static RateLimitSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
}

/// <summary>ASP.NET Core's rate limiter with Lapor's policies; refusals are 429 problem details with Retry-After.</summary>
public static class RateLimits
{
    public const string Submission = "lapor-submission";
    public const string SignIn = "lapor-sign-in";
    public const string Reporter = "lapor-reporter";
    public const string PageFiles = "lapor-page-files";

    public const string TooManyTitle = "Terlalu banyak permintaan.";

    public static string ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress?.ToString() ?? "?";
    }

    public static IServiceCollection AddLaporRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = RateLimitSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                return new ValueTask(WriteTooManyAsync(context.HttpContext, retry));
            };
            // One budget per address for the API's submission and the web form's post (the page's GET is free).
            o.AddPolicy(Submission, http => HttpMethods.IsPost(http.Request.Method)
                ? Bucket(settings, "submission:" + ClientAddress(http), settings.Submission)
                : RateLimitPartition.GetNoLimiter(""));
            // A page's multipart post may carry files (the reporter's reply on the track page): a budget per address
            // the size of the submission budget, of its own so that citizens behind one address who only open their
            // complaints never spend it; the page's plain posts and its GET are free (secrets have their own limiter).
            o.AddPolicy(PageFiles, http => HttpMethods.IsPost(http.Request.Method)
                    && http.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true
                ? Bucket(settings, "page-files:" + ClientAddress(http), settings.Submission)
                : RateLimitPartition.GetNoLimiter(""));
            o.AddPolicy(SignIn, http => Bucket(settings, "sign-in:" + ClientAddress(http), settings.SignIn));
            // Reporter requests: per tracking code (a secret is guessed for one code) by the endpoint policy, and per
            // address across all codes by the global limiter.
            o.AddPolicy(Reporter, http => Bucket(settings, "code:" + (http.Request.RouteValues["code"] as string ?? ""), settings.ReporterCode));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/api/reporter")
                    ? Bucket(settings, "reporter:" + ClientAddress(http), settings.ReporterAddress)
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    /// <summary>Answers 429 with Retry-After (whole seconds, at least 1) as problem details.</summary>
    public static async Task WriteTooManyAsync(HttpContext http, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(http);
        var seconds = RetryAfterSeconds(http, retryAfter);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = TooManyTitle,
                Detail = $"Coba lagi dalam {seconds.ToString(CultureInfo.InvariantCulture)} detik.",
            },
        });
    }

    /// <summary>Sets Retry-After and returns the 429 problem a handler answers with.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = RetryAfterSeconds(http, retryAfter);
        return TypedResults.Problem(title: TooManyTitle, detail: $"Coba lagi dalam {seconds.ToString(CultureInfo.InvariantCulture)} detik.",
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static int RetryAfterSeconds(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    private static RateLimitPartition<string> Bucket(RateLimitSettings settings, string key, TokenBucketSettings bucket) =>
        settings.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket.Options())
            : RateLimitPartition.GetNoLimiter(key);
}
