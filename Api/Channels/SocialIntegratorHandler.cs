using System.Security.Claims;
using System.Text.Encodings.Web;
using Lapor.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>
/// Authenticates a trusted social-media integrator by its API key (header, <c>X-Api-Key</c> by default), matched
/// against the SHA-256 of each configured key in constant time. The integrator id becomes a claim; a missing or
/// unknown key is 401 with a problem naming the header.
/// </summary>
public sealed class SocialIntegratorHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<SocialChannelOptions> social) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SocialIntegrator";
    public const string IntegratorClaim = "integrator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[social.Value.KeyHeader].ToString();
        if (key.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var integrator = key.Length <= 256
            ? ChannelIntake.MatchKey(key, social.Value.Integrators.Select(i => KeyValuePair.Create(i.Key, i.Value.KeySha256)))
            : null;
        if (integrator is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Kunci API tidak dikenal."));
        }

        var identity = new ClaimsIdentity([new Claim(LaporClaims.Subject, "integrator:" + integrator), new Claim(IntegratorClaim, integrator)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var header = social.Value.KeyHeader;
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure?.Message ?? "Kunci API integrator wajib dikirim.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{header}\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Integrator tidak terautentikasi.",
                Detail = message,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [header] = [message] } },
            },
        });
    }
}
