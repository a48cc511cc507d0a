using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Http;

/// <summary>
/// The Orleans Dashboard's handlers throw on arguments they cannot use: a silo address that does not parse, or one
/// that parses but is no silo of this cluster (Orleans then rejects the message, which elsewhere would be a passing
/// fault). Under its prefix every such fault is the caller's bad input: 400 problem details, never 500 or 503.
/// </summary>
public static partial class DashboardGuard
{
    public const string Prefix = "/dashboard";

    /// <summary>Dashboard routes whose last segment names a silo (<c>SiloAddress.ToParsableString()</c>).</summary>
    private static readonly string[] SiloRoutes = ["/HistoricalStats", "/SiloProperties", "/SiloMetadata", "/SiloStats", "/SiloCounters"];

    public static IApplicationBuilder UseDashboardGuard(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), branch => branch.Use(async (context, next) =>
        {
            try
            {
                // A silo that is not an active member of this cluster is refused before the dashboard asks it (it would
                // answer 503 "lost connectivity" as if the cluster were down).
                if (SiloArgument(context.Request.Path) is { } silo
                    && !await IsActiveSiloAsync(context, Uri.UnescapeDataString(silo)))
                {
                    await RefuseAsync(context, "silo");
                    return;
                }

                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await RefuseAsync(context, e.GetType().Name);
            }
        }));

    private static string? SiloArgument(PathString path)
    {
        foreach (var route in SiloRoutes)
        {
            if (path.StartsWithSegments(Prefix + route, out var rest) && rest.HasValue && rest.Value!.Length > 1)
            {
                return rest.Value[1..];
            }
        }

        return null;
    }

    private static async Task<bool> IsActiveSiloAsync(HttpContext context, string silo)
    {
        var hosts = await Transient.RetryAsync(() => context.RequestServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
        return hosts.Keys.Any(h => h.ToParsableString() == silo);
    }

    private static async Task RefuseAsync(HttpContext context, string reason)
    {
        LogRefused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardGuard).FullName!), reason);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Permintaan dasbor tidak valid.",
                Detail = "Argumen di alamat dasbor tidak dikenal atau tidak dapat dibaca.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dashboard request refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
