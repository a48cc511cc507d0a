using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lapor.Api.Http;

/// <summary>
/// Graceful shutdown for the HTTP side. When the host starts stopping (before Kestrel and the co-hosted silo stop),
/// <c>/health/ready</c> turns unhealthy, new requests get 503 with Retry-After and <c>Connection: close</c>, and the
/// stop waits (bounded by <see cref="MaxWait"/>) until the requests already running have finished; only then does the
/// silo deactivate its grains and leave the cluster.
/// </summary>
public sealed class Draining(TimeProvider time)
{
    private int _inFlight;

    public bool IsDraining { get; private set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public static TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(15);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void BeginAndWait(ILogger logger)
    {
        IsDraining = true;
        var deadline = time.GetUtcNow() + MaxWait;
        while (InFlight > 0 && time.GetUtcNow() < deadline)
        {
            Thread.Sleep(50);
        }

        logger.LogInformation("Shutdown: HTTP drained, {InFlight} request(s) still running", InFlight);
    }
}

public static class DrainingExtensions
{
    public static IApplicationBuilder UseDraining(this WebApplication app)
    {
        var draining = app.Services.GetRequiredService<Draining>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<Draining>();
        app.Lifetime.ApplicationStopping.Register(() => draining.BeginAndWait(logger));
        return app.Use(async (context, next) =>
        {
            if (draining.IsDraining && !context.Request.Path.StartsWithSegments("/health"))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                context.Response.Headers.Connection = "close";
                return;
            }

            draining.Enter();
            try
            {
                await next(context);
            }
            finally
            {
                draining.Exit();
            }
        });
    }
}

/// <summary>Not ready while the host drains, so load balancers stop sending new work here.</summary>
public sealed class DrainingHealthCheck(Draining draining) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(draining.IsDraining ? HealthCheckResult.Unhealthy("Host sedang berhenti.") : HealthCheckResult.Healthy());
}
