using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.RegularExpressions;
using Lapor.Api.Http;
using Lapor.Api.Open311;
using Lapor.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>
/// Registers every channel door: Open311 GeoReport v2, SMS and social-media intake. Each is off until configured,
/// except the Open311 server, which shows only what the public API shows and files reports like the JSON door.
/// Settings are checked at start; a wrong one stops the host with a message naming it.
/// </summary>
public static partial class ChannelsSetup
{
    [GeneratedRegex(@"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")]
    private static partial Regex RegionPattern();

    public static IServiceCollection AddLaporChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Open311Options>().Bind(configuration.GetSection(Open311Options.Section));
        services.AddOptions<SmsChannelOptions>().Bind(configuration.GetSection(SmsChannelOptions.Section)).ValidateOnStart();
        services.AddOptions<SocialChannelOptions>().Bind(configuration.GetSection(SocialChannelOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsChannelOptions>>(new NamedProblems<SmsChannelOptions>(SmsChannelOptions.Section, SmsProblems));
        services.AddSingleton<IValidateOptions<SocialChannelOptions>>(new NamedProblems<SocialChannelOptions>(SocialChannelOptions.Section, SocialProblems));

        services.AddSingleton<Open311Catalogue>();
        services.AddSingleton<Open311Agencies>();
        services.AddSingleton(sp => new Open311Start(sp.GetRequiredService<TimeProvider>().GetUtcNow()));

        services.AddSingleton<SmsOutbox>();
        services.AddSingleton<SmsFloodGuard>();
        services.AddSingleton<SmsRecentMessages>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Lapor.Hosting.Notifications.INotificationSender, SmsGatewaySender>());
        services.AddHttpClient(SmsOutbox.HttpClientName);

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, Open311ClientHandler>(Open311ClientHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SmsGatewayHandler>(SmsGatewayHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SocialIntegratorHandler>(SocialIntegratorHandler.SchemeName, null);
        var requireKey = configuration.GetSection(Open311Options.Section).Get<Open311Options>()?.RequireApiKey ?? false;
        services.AddAuthorizationBuilder()
            .AddPolicy(Open311Api.SubmitPolicy, p => p
                .AddAuthenticationSchemes(Open311ClientHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => !requireKey || c.User.HasClaim(x => x.Type == Open311ClientHandler.ClientClaim)))
            .AddPolicy(SmsApi.GatewayPolicy, p => p.AddAuthenticationSchemes(SmsGatewayHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(SocialApi.IntegratorPolicy, p => p.AddAuthenticationSchemes(SocialIntegratorHandler.SchemeName).RequireAuthenticatedUser());

        var limits = configuration.GetSection(ChannelRateLimitOptions.Section).Get<ChannelRateLimitOptions>() ?? new ChannelRateLimitOptions();
        services.AddRateLimiter(o => o.AddChannelPolicies(limits));
        return services;
    }

    public static IEndpointRouteBuilder MapLaporChannels(this IEndpointRouteBuilder app)
    {
        app.MapOpen311();
        app.MapSmsChannel();
        app.MapSocialChannel();
        return app;
    }

    private static List<string> SmsProblems(SmsChannelOptions o)
    {
        var problems = new List<string>();
        if (!o.Enabled)
        {
            return problems;
        }

        if (o.Secret is not { Length: >= 32 })
        {
            problems.Add("Secret wajib diisi, paling sedikit 32 karakter.");
        }

        if (o.RegionCode is null || !RegionPattern().IsMatch(o.RegionCode))
        {
            problems.Add("RegionCode wajib berupa kode wilayah Kemendagri (mis. 35.73).");
        }

        if (o.TargetAgencyId is { Length: > 0 } target && !Validation.IsSlug(target))
        {
            problems.Add("TargetAgencyId bukan kode instansi.");
        }

        if (o.Category.Trim().Length is < 2 or > 100)
        {
            problems.Add("Category 2–100 karakter.");
        }

        if (new[] { o.Fields.From, o.Fields.Text, o.Fields.MessageId }.Any(string.IsNullOrWhiteSpace)
            || new[] { o.Fields.From, o.Fields.Text, o.Fields.MessageId }.Distinct(StringComparer.Ordinal).Count() != 3)
        {
            problems.Add("Fields: From, Text dan MessageId wajib diisi dan berbeda.");
        }

        if (o.Outbound.Url is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add("Outbound:Url harus alamat http(s) lengkap.");
        }

        if (o.PerNumberLimit < 1 || o.Outbound.MaxAttempts < 1 || o.SignatureTolerance <= TimeSpan.Zero)
        {
            problems.Add("PerNumberLimit, Outbound:MaxAttempts dan SignatureTolerance harus positif.");
        }

        return problems;
    }

    private static List<string> SocialProblems(SocialChannelOptions o)
    {
        var problems = new List<string>();
        foreach (var (id, integrator) in o.Integrators)
        {
            if (!Validation.IsSlug(id))
            {
                problems.Add($"Integrators:{id}: id hanya huruf kecil, angka dan tanda hubung.");
            }

            if (!ChannelIntake.IsKeyHash(integrator.KeySha256))
            {
                problems.Add($"Integrators:{id}:KeySha256 harus SHA-256 kunci (64 digit heksadesimal).");
            }

            if (integrator.RegionCode is { Length: > 0 } region && !RegionPattern().IsMatch(region))
            {
                problems.Add($"Integrators:{id}:RegionCode bukan kode wilayah Kemendagri.");
            }
        }

        if (string.IsNullOrWhiteSpace(o.KeyHeader))
        {
            problems.Add("KeyHeader wajib diisi.");
        }

        return problems;
    }
}
