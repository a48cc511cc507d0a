using System.Security.Claims;
using Lapor.Api.Auth;
using Lapor.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lapor.Api.Web;

/// <summary>
/// Whether the pages' staff sign-in goes through the OpenID Connect provider, and whether the password form is offered
/// beside it (only if an operator turned local or demo sign-in on explicitly). The settings decide at start.
/// </summary>
public sealed record StaffSsoSettings(bool Enabled, bool Passwords);

/// <summary>
/// Staff sign-in on the pages through the same OpenID Connect provider that issues the API's tokens
/// (<c>Lapor:Auth:Authority</c>): authorization code flow with PKCE for a confidential client
/// (<c>Lapor:Auth:Web:ClientId</c>/<c>ClientSecret</c>), ending in the pages' own cookie. The id token's claims are
/// read exactly as the API reads its bearer tokens (<see cref="LaporClaims"/>), so the same policies decide.
/// </summary>
public static class StaffSso
{
    public const string Scheme = "LaporSso";
    /// <summary>Starts the provider's sign-in (the button on <c>/masuk</c> links here).</summary>
    public const string StartPath = "/masuk/sso";
    /// <summary>Where the provider sends the browser back with the code.</summary>
    public const string CallbackPath = "/masuk/sso/kembali";
    /// <summary>The page a failed or cancelled sign-in ends on.</summary>
    public const string FailedPath = "/masuk/gagal";

    /// <summary>Reasons the failure page explains (a fixed set: nothing from the provider's answer is shown).</summary>
    public const string Cancelled = "dibatalkan";
    public const string NoRole = "tanpa-peran";
    public const string Unreachable = "tidak-tersedia";
    public const string Failed = "gagal";

    public static AuthenticationBuilder AddStaffSso(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(auth);
        var profile = DeploymentProfile.From(configuration);
        var enabled = profile.UsesOpenIdConnect;
        auth.Services.AddSingleton(new StaffSsoSettings(enabled, profile.OffersLocalAccounts || profile.OffersDevTokens));
        if (!enabled)
        {
            return auth;
        }

        var clientId = configuration["Lapor:Auth:Web:ClientId"];
        if (clientId is not { Length: > 0 })
        {
            throw new InvalidOperationException(
                "Lapor:Auth:Authority is set but Lapor:Auth:Web:ClientId is not: staff could not sign in on the pages. " +
                "Register Lapor's pages as a client at the provider and set Lapor:Auth:Web:ClientId and Lapor:Auth:Web:ClientSecret.");
        }

        // The provider is another site: the browser comes back from it through a cross-site redirect, on which a
        // SameSite=Strict cookie is withheld (the session would be lost on arrival). Lax is sent on that top-level
        // GET; every form still needs the anti-forgery token, which is what guards the posts.
        auth.Services.PostConfigure<CookieAuthenticationOptions>(WebSetup.CookieScheme, o => o.Cookie.SameSite = SameSiteMode.Lax);
        var secure = profile.EnforcesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        return auth.AddOpenIdConnect(Scheme, "SSO instansi", o =>
        {
            o.Authority = configuration["Lapor:Auth:Authority"];
            o.RequireHttpsMetadata = configuration.GetValue("Lapor:Auth:RequireHttpsMetadata", true);
            o.ClientId = clientId;
            o.ClientSecret = configuration["Lapor:Auth:Web:ClientSecret"];
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query of a top-level GET, so the Lax correlation and nonce cookies travel
            // with it (form_post would need SameSite=None).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = WebSetup.CookieScheme;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.RoleClaimType = LaporClaims.Role;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = secure;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = secure;
            o.Events.OnTokenValidated = context =>
            {
                // Someone the provider knows but Lapor gives no role would get a session that opens nothing: say so.
                if (Roles.ToActorRole(context.Principal?.FindFirstValue(LaporClaims.Role)) is null
                    || context.Principal?.FindFirstValue(LaporClaims.Subject) is not { Length: > 0 })
                {
                    context.Fail(new AuthenticationFailureException(NoRole));
                }

                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = context =>
            {
                var reason = Reason(context.Failure);
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StaffSso))
                    .LogWarning("Staff sign-in through the OpenID Connect provider failed ({Reason}): {Failure}", reason, context.Failure?.Message);
                context.Response.Redirect($"{FailedPath}?alasan={reason}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    public static IEndpointRouteBuilder MapStaffSso(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<StaffSsoSettings>().Enabled)
        {
            return app;
        }

        // A link, not a form: the page's CSP (form-action 'self') would block a form post redirected to the provider.
        // Starting a sign-in changes nothing here; the correlation cookie and state guard the way back.
        app.MapGet(StartPath, async (string? kembali, HttpContext http, ILoggerFactory logs) =>
            {
                try
                {
                    // The handler reads the provider's discovery document here (cached afterwards).
                    await http.ChallengeAsync(Scheme, new AuthenticationProperties { RedirectUri = LocalPath(kembali) });
                }
                catch (InvalidOperationException e)
                {
                    logs.CreateLogger(typeof(StaffSso)).LogError(e, "The OpenID Connect provider could not be reached to start a staff sign-in.");
                    http.Response.Redirect($"{FailedPath}?alasan={Unreachable}");
                }
            })
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>A path on this site to return to, or the home page (never another host).</summary>
    public static string LocalPath(string? back) =>
        back is { Length: > 1 } b && b[0] == '/' && !b.StartsWith("//", StringComparison.Ordinal) && !b.StartsWith("/\\", StringComparison.Ordinal)
            ? b : "/";

    private static string Reason(Exception? failure) => failure switch
    {
        AuthenticationFailureException { Message: NoRole } => NoRole,
        OpenIdConnectProtocolException e when e.Data["error"] is "access_denied" => Cancelled,
        _ => Failed,
    };
}
