using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Net.Http.Headers;

namespace Lapor.Api.Http;

/// <summary>Marks an endpoint whose answers are public and may be cached; every other answer is <c>no-store</c>.</summary>
public sealed class PublicAnswer
{
    public static readonly PublicAnswer Instance = new();

    private PublicAnswer()
    {
    }
}

/// <summary>
/// Headers on every answer: <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>, no framing
/// (<c>X-Frame-Options: DENY</c>, CSP <c>frame-ancestors 'none'</c>), and <c>Cache-Control: no-store</c> unless the
/// endpoint is marked <see cref="PublicAnswer"/> (tokens, the reporter's view and every staff answer are never stored).
/// In the production profile: forwarded headers from the configured proxies, HSTS and HTTPS redirection.
/// </summary>
public static class SecurityHeaders
{
    public static TBuilder AllowsPublicCaching<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PublicAnswer.Instance);

    /// <summary>Trusts X-Forwarded-For/-Proto only from <c>Lapor:Http:KnownProxies</c> (comma-separated addresses).</summary>
    public static IServiceCollection AddLaporForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = (configuration["Lapor:Http:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = proxies.Length > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                }

                if (context.GetEndpoint()?.Metadata.GetMetadata<PublicAnswer>() is null)
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>HSTS and HTTPS redirection (health probes exempt, so plain-HTTP load-balancer checks keep working).</summary>
    public static IApplicationBuilder UseHttpsEnforcement(this IApplicationBuilder app)
    {
        app.UseHsts();
        return app.UseWhen(c => !c.Request.Path.StartsWithSegments("/health"), b => b.UseHttpsRedirection());
    }
}
