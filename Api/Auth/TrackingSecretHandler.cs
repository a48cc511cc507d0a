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
    IGrainFactory grains,
    TrackingCodes codes,
    LegacyCodeGuard legacyCodes) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TrackingSecret";
    public const string HeaderName = "X-Tracking-Secret";
    private const string Mismatch = "Kode pelacakan atau rahasia tidak cocok.";

    /// <summary>Where a GET's authentication leaves the reporter's view it already read (HttpContext.Items).</summary>
    public static readonly object VerifiedViewKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } secret)
        {
            return AuthenticateResult.NoResult();
        }

        // Made-up codes (wrong check value) fail before any grain is touched; first-format codes only while this
        // address has look-ups left (LegacyCodeGuard). Every failure reads the same, so nothing tells whether a code exists.
        var kind = codes.Classify(Request.RouteValues["code"] as string);
        var legacy = kind == TrackingCodeKind.Legacy && codes.AcceptsLegacy;
        var address = RateLimits.ClientAddress(Context);
        if ((kind != TrackingCodeKind.Checked && !legacy) || secret.Length > 64 || (legacy && legacyCodes.Wait(address) is not null))
        {
            return AuthenticateResult.Fail(Mismatch);
        }

        var code = (string)Request.RouteValues["code"]!;
        var grain = grains.GetGrain<IComplaintGrain>(code);
        var hash = SubmissionKeys.HashSecret(secret);
        bool valid;
        if (HttpMethods.IsGet(Request.Method))
        {
            // A status read: check the secret and take the view in the same grain call; the endpoint answers with it.
            var view = await Transient.RetryAsync(() => grain.ViewWithSecret(hash));
            Context.Items[VerifiedViewKey] = view;
            valid = view is not null;
        }
        else
        {
            valid = await Transient.RetryAsync(() => grain.VerifySecret(hash));
        }

        if (!valid)
        {
            if (legacy)
            {
                legacyCodes.Missed(address);
            }

            return AuthenticateResult.Fail(Mismatch);
        }

        var identity = new ClaimsIdentity([new Claim(LaporClaims.Complaint, code), new Claim(LaporClaims.Subject, "pelapor")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
