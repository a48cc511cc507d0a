using System.Text.Json.Serialization;
using Lapor.Api.Admin;
using Lapor.Api.Agencies;
using Lapor.Api.Auth;
using Lapor.Api.Channels;
using Lapor.Api.Complaints;
using Lapor.Api.Http;
using Lapor.Api.Monev;
using Lapor.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace Lapor.Api;

/// <summary>Builds the HTTP front door: by default it co-hosts a silo; in client mode it joins a silo cluster.</summary>
public static class LaporApi
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var hosting = builder.Configuration.GetSection(HostingSettings.Section).Get<HostingSettings>() ?? new HostingSettings();
        var profile = DeploymentProfile.From(builder.Configuration);
        if (hosting.Mode == HostingMode.Client)
        {
            builder.UseOrleansClient(client => client.AddLaporClient(builder.Configuration));
            // Front-door services that otherwise come with the co-hosted silo (the calendar endpoints use the cache).
            builder.Services.AddLaporEngineServices(builder.Configuration);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = profile.Cluster.ShutdownTimeout);
        }
        else
        {
            builder.UseOrleans(silo => silo.AddLapor(builder.Configuration));
        }

        builder.Services.AddLaporTelemetry(builder.Configuration, "lapor-api",
            tracing: t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health")),
            metrics: m => m.AddAspNetCoreInstrumentation());
        builder.Services.AddSingleton<Draining>();

        builder.Services.AddProblemDetails();
        // Binding failures reach LaporExceptionHandler, which names the field, in every environment.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<LaporExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256 * 1024);
        builder.Services.AddLaporAuth(builder.Configuration);
        builder.Services.AddSingleton<SubmissionKeys>();
        builder.Services.AddLaporChannels(builder.Configuration);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        var health = builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<DrainingHealthCheck>("draining", tags: ["ready"]);
        if (profile.ChecksDatabaseHealth)
        {
            builder.Services.AddSingleton<DatabaseHealthCheck>();
            health.AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseDraining();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before authentication, so refused (forged, unsigned) calls count against the limits too.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("Lapor.Orleans API"));
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });

        app.MapReporterApi();
        app.MapPublicApi();
        app.MapStaffComplaintApi();
        app.MapAgencyApi();
        app.MapMonevApi();
        app.MapAdminApi();
        app.MapDevTokenApi();
        app.MapLaporChannels();
        // The Orleans Dashboard (grains of its own on every silo): Admin Nasional only, with a bearer token.
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Policies.NationalAdmin);
        return app;
    }
}
