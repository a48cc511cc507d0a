using System.Text.Json.Serialization;
using Lapor.Api.Admin;
using Lapor.Api.Agencies;
using Lapor.Api.Attachments;
using Lapor.Api.Auth;
using Lapor.Api.Channels;
using Lapor.Api.Complaints;
using Lapor.Api.Http;
using Lapor.Api.Monev;
using Lapor.Api.ServicePoints;
using Lapor.Api.Web;
using Lapor.Api.Notifications;
using Lapor.Hosting;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace Lapor.Api;

/// <summary>Builds the HTTP front door: by default it co-hosts a silo; in client mode it joins a silo cluster.</summary>
public static class LaporApi
{
    /// <summary>
    /// Defaults below every other configuration source: quiet logs (warnings, the start-up banner) in the API's own
    /// one-line format that escapes control characters. appsettings.json, environment and command line override them.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        [$"Logging:LogLevel:{StartupBanner.Category}"] = "Information",
        // The 10-second reminder floor is deliberate (docs/operations.md); Orleans warns about it at every start.
        ["Logging:LogLevel:Orleans.Hosting.ReminderOptionsValidator"] = "Error",
        ["Logging:Console:FormatterName"] = SafeConsoleFormatter.Name,
        // Run from its build output (dotnet run, tests, bench), ASP.NET Core would otherwise switch static assets to
        // hot-reload mode: no caching headers, a catch-all route serving files added after start, and a file-system
        // check on every request that reaches routing. An operator who edits assets in place may set it to true.
        ["ReloadStaticAssetsAtRuntime"] = "false",
    };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application's name is this assembly's whatever process hosts it (tests do), so the pages' static files
        // (their build manifest, MudBlazor's CSS under _content) are found; outside Development too.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = HostArguments.WithDefaults(ExpandSwitches(args)),
            ApplicationName = typeof(LaporApi).Assembly.GetName().Name,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Defaults });
        builder.Logging.AddConsoleFormatter<SafeConsoleFormatter, ConsoleFormatterOptions>();
        var hosting = builder.Configuration.GetSection(HostingSettings.Section).Get<HostingSettings>() ?? new HostingSettings();
        var profile = DeploymentProfile.From(builder.Configuration);
        if (hosting.Mode == HostingMode.Client)
        {
            builder.UseOrleansClient(client => client.AddLaporClient(builder.Configuration));
            // Front-door services that otherwise come with the co-hosted silo (the calendar endpoints use the cache).
            builder.Services.AddLaporEngineServices(builder.Configuration);
            // The notification dispatcher runs here too, for the channels only this process can send (SMS answers).
            Lapor.Hosting.Notifications.NotificationServiceCollectionExtensions.AddLaporNotifications(builder.Services, builder.Configuration);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = profile.Cluster.ShutdownTimeout);
        }
        else
        {
            builder.UseOrleans(silo => silo.AddLapor(builder.Configuration));
        }

        builder.Services.AddLaporTelemetry(builder.Configuration, "lapor-api",
            tracing: t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health")),
            metrics: m => m.AddAspNetCoreInstrumentation().AddMeter(LaporMetrics.MeterName, "Microsoft.AspNetCore.RateLimiting"));
        builder.Services.AddSingleton<LaporMetrics>();
        if (LaporTelemetry.ExporterConfigured(builder.Configuration))
        {
            builder.Services.AddHostedService<AgencySampler>();
        }
        builder.Services.AddSingleton<Draining>();

        builder.Services.AddProblemDetails();
        // Binding failures reach LaporExceptionHandler, which names the field, in every environment.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<LaporExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Numbers are numbers: "5" is not a rating, and the contract says integer rather than integer-or-string.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256 * 1024);
        builder.Services.AddLaporAuth(builder.Configuration);
        builder.Services.AddLaporRateLimits(builder.Configuration);
        builder.Services.AddLaporForwardedHeaders(builder.Configuration);
        builder.Services.AddSingleton(sp => TrackingCodes.Create(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<SubmissionKeys>();
        builder.Services.AddSingleton<LegacyCodeGuard>();
        builder.Services.AddSingleton<LocalAccounts>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddLaporChannels(builder.Configuration);
        builder.Services.AddLaporAttachments(builder.Configuration);
        builder.Services.AddLaporWeb(builder.Configuration);
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            o.AddOperationTransformer<ContractOperationTransformer>();
            o.AddSchemaTransformer<ContractSchemaTransformer>();
        });
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
        app.UseForwardedHeaders();
        app.UseDraining();
        app.UsePageSecurityPolicy();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        if (profile.EnforcesHttps)
        {
            app.UseHttpsEnforcement();
        }

        app.UseStatusCodePages();
        app.UseAuthentication();
        // Before authorization: the reporter's secret is checked there (by the policy's scheme), after the limits.
        app.UseRateLimiter();
        app.UseAuthorization();
        var dashboard = LaporDashboard.Enabled(builder.Configuration);
        if (dashboard)
        {
            app.UseDashboardGuard();
        }

        app.MapLaporWeb();

        app.MapOpenApi().AllowsPublicCaching();
        app.MapScalarApiReference(o => o.WithTitle("Lapor.Orleans API")).AllowsPublicCaching();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });

        app.MapReporterApi();
        app.MapPublicApi();
        app.MapAttachmentApi();
        app.MapStaffComplaintApi();
        app.MapAgencyApi();
        app.MapMonevApi();
        app.MapAdminApi();
        app.MapSignInApi();
        app.MapLaporChannels();
        app.MapServicePointApi();
        app.MapNotificationApi();
        // The Orleans Dashboard (grains of its own on every silo): Admin Nasional only, with a bearer token. Its
        // handlers throw on arguments they cannot read; those are answered 400, never 500.
        if (dashboard)
        {
            app.MapOrleansDashboard(routePrefix: DashboardGuard.Prefix).RequireAuthorization(Policies.NationalAdmin).ExcludeFromDescription();
        }
        StartupBanner.Register(app, profile, hosting.Mode);
        return app;
    }

    /// <summary><c>--demo</c> is short for <c>--Lapor:Demo=true</c> (the configuration reader needs a value).</summary>
    public static string[] ExpandSwitches(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return [.. args.Select(a => a == "--demo" ? "--Lapor:Demo=true" : a)];
    }
}
