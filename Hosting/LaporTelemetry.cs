using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lapor.Hosting;

/// <summary>
/// OpenTelemetry for every Lapor host: Orleans' meter (<c>Microsoft.Orleans</c>) and activity sources
/// (<c>Microsoft.Orleans.Runtime</c>, <c>Microsoft.Orleans.Application</c>, ...), plus whatever the host adds
/// (ASP.NET Core on the API). Nothing is collected unless an exporter is configured: the OTLP exporter is added
/// only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables configure it further).
/// </summary>
public static class LaporTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string OrleansActivitySources = "Microsoft.Orleans.*";

    public static bool ExporterConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IServiceCollection AddLaporTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName,
        Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        if (!ExporterConfigured(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithMetrics(m =>
            {
                m.AddMeter(OrleansMeter, EngineMetrics.MeterName);
                metrics?.Invoke(m);
            })
            .WithTracing(t =>
            {
                t.AddSource(OrleansActivitySources);
                tracing?.Invoke(t);
            })
            .UseOtlpExporter();
        return services;
    }
}
