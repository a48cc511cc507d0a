using System.Security.Claims;
using System.Text.Encodings.Web;
using Lapor.Api.Auth;
using Lapor.Api.Channels;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Open311;

/// <summary>
/// Authenticates the client of an Open311 POST by the specification's <c>api_key</c> argument (form body, or query):
/// a configured trusted client, or — without a key — the anonymous client. A key that matches no client fails, so
/// a wrong key is never mistaken for no key. Both refusals answer 403 in the Open311 error format, as the
/// specification asks.
/// </summary>
public sealed class Open311ClientHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<Open311Options> settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Open311ApiKey";
    public const string ClientClaim = "open311-client";
    public const string AnonymousSubject = "open311:anonim";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = null;
        if (Request.HasFormContentType)
        {
            try
            {
                key = (await Request.ReadFormAsync(Context.RequestAborted))["api_key"].ToString();
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
            {
                // The endpoint reads the form again and answers 400 for it.
            }
        }

        if (string.IsNullOrEmpty(key))
        {
            key = Request.Query["api_key"].ToString();
        }

        if (string.IsNullOrEmpty(key))
        {
            return Success(new Claim(LaporClaims.Subject, AnonymousSubject));
        }

        var client = key.Length <= 256
            ? ChannelIntake.MatchKey(key, settings.Value.Clients.Select(c => KeyValuePair.Create(c.Key, c.Value.KeySha256)))
            : null;
        return client is null
            ? AuthenticateResult.Fail("api_key tidak dikenal.")
            : Success(new Claim(LaporClaims.Subject, "open311:" + client), new Claim(ClientClaim, client));
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        O311Results.WriteErrorAsync(Context, O311Error.Forbidden("Invalid api_key received: api_key tidak valid, permintaan tidak dapat diproses."));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        O311Results.WriteErrorAsync(Context, O311Error.Forbidden("api_key was not provided: layanan ini mewajibkan api_key dari klien tepercaya."));
}
