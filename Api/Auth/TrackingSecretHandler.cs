using System.Security.Claims;
using System.Text.Encodings.Web;
using Lapor.Api.Complaints;
using Lapor.Api.Http;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Auth;

/// <summary>
/// Authenticates a reporter for the one complaint in the route: the tracking code plus the secret in the
/// <c>X-Tracking-Secret</c> header, checked by the complaint grain in constant time. A wrong code and a wrong secret
/// fail the same way, so the answer never tells whether a code exists.
/// </summary>
public sealed class TrackingSecretHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TrackingSecret";
    public const string HeaderName = "X-Tracking-Secret";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (Request.RouteValues["code"] is not string code || !TrackingCodes.IsValid(code) || secret.Length > 64)
        {
            return AuthenticateResult.Fail("Kode pelacakan atau rahasia tidak cocok.");
        }

        var valid = await Transient.RetryAsync(() => grains.GetGrain<IComplaintGrain>(code).VerifySecret(SubmissionKeys.HashSecret(secret)));
        if (!valid)
        {
            return AuthenticateResult.Fail("Kode pelacakan atau rahasia tidak cocok.");
        }

        var identity = new ClaimsIdentity([new Claim(LaporClaims.Complaint, code), new Claim(LaporClaims.Subject, "pelapor")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
