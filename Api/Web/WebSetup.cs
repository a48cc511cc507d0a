using Lapor.Api.Http;
using Lapor.Api.Web.Components;
using Lapor.Api.Web.Staff;
using Lapor.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

namespace Lapor.Api.Web;

/// <summary>
/// The web front end in the API's own host: Razor components rendered on the server (static by default), a staff
/// cookie beside the API's bearer tokens, anti-forgery on every form, and the pages' own security policy.
/// </summary>
public static class WebSetup
{
    /// <summary>The staff session cookie's scheme; only page endpoints (<see cref="WebPage"/>) ever read it.</summary>
    public const string CookieScheme = "LaporWeb";
    /// <summary>The default scheme: picks the cookie for pages and the bearer token for everything else.</summary>
    public const string SelectorScheme = "LaporSelector";
    public const string SignInPath = "/masuk";

    /// <summary>
    /// MudBlazor's theme writes inline style; scripts only from this host (none is needed for the static pages), no
    /// framing, forms post only here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddLaporWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents();
        services.AddMudServices();
        services.AddSingleton<WebTrackingLimiter>();
        services.AddSingleton<WebAttachments>();
        services.AddScoped<WebComplaints>();
        services.AddSingleton<ServicePoints>();
        services.AddSingleton<Staff.ApiPolicy>();
        services.AddScoped<Staff.WebStaff>();
        services.AddSingleton<Staff.WebAdmin>();

        // Cookies and anti-forgery tokens are protected with keys kept beside the data (embedded default) or in a
        // folder every front door shares (Lapor:Web:KeysFolder, production behind a load balancer).
        var profile = DeploymentProfile.From(configuration);
        var keys = configuration["Lapor:Web:KeysFolder"] is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetFullPath(profile.Storage.DataFolder), "web-keys");
        services.AddDataProtection().SetApplicationName("lapor-orleans").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "lapor.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__lapor_af";
        });

        // API endpoints keep bearer tokens only (a cookie there would open them to cross-site requests); pages use
        // the cookie. The same policies (Api/Auth/Policies.cs) decide on either principal: the claims are the same.
        services.AddAuthentication(o => o.DefaultScheme = SelectorScheme)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector =
                http => WebPage.Is(http) ? CookieScheme : JwtBearerDefaults.AuthenticationScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "lapor.staf";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = profile.EnforcesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = "/tidak-berwenang";
                o.ReturnUrlParameter = "kembali";
            })
            .AddStaffSso(configuration);
        return services;
    }

    public static WebApplication MapLaporWeb(this WebApplication app)
    {
        WebAttachments.UseFormUploadLimit(app);
        app.UseAntiforgery();
        // The assets' own Cache-Control stands: a year and immutable for fingerprinted files, no-cache for the rest.
        app.MapStaticAssets().WithMetadata(WebPage.Instance).AllowsPublicCaching().ExcludeFromDescription();
        app.MapRazorComponents<App>().WithMetadata(WebPage.Instance).ExcludeFromDescription();
        app.MapWebEndpoints();
        app.MapQrImages();
        app.MapStaffWebEndpoints();
        app.MapStaffSso();
        return app;
    }

    /// <summary>The pages' CSP (set before the API's default <c>frame-ancestors 'none'</c> applies).</summary>
    public static IApplicationBuilder UsePageSecurityPolicy(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (WebPage.Is(context))
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            return next(context);
        });
}
