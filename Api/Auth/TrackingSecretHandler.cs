using System.Security.Claims;
using System.Text.Encodings.Web;
using Lapor.Api.Complaints;
using Lapor.Api.Http;
using Lapor.Grains;
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

        var code = Request.RouteValues["code"] as string;
        var (valid, view) = await CheckAsync(Context, grains, codes, legacyCodes, code, secret, HttpMethods.IsGet(Request.Method));
        if (!valid)
        {
            return AuthenticateResult.Fail(Mismatch);
        }

        if (view is not null)
        {
            // A status read: the endpoint answers with the view the check already read.
            Context.Items[VerifiedViewKey] = view;
        }

        var identity = new ClaimsIdentity([new Claim(LaporClaims.Complaint, code!), new Claim(LaporClaims.Subject, "pelapor")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// The one check of a code and secret, for the API's header and the track page's form. Made-up codes (wrong
    /// check value) fail before any grain is touched; first-format codes only while this address has look-ups left
    /// (<see cref="LegacyCodeGuard"/>). Every failure reads the same, so nothing tells whether a code exists. With
    /// <paramref name="read"/> the reporter's view comes back from the same grain call.
    /// </summary>
    public static async Task<(bool Valid, Domain.Complaints.ComplaintView? View)> CheckAsync(HttpContext context, IGrainFactory grains,
        TrackingCodes codes, LegacyCodeGuard legacyCodes, string? code, string secret, bool read)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(legacyCodes);
        ArgumentNullException.ThrowIfNull(secret);
        var kind = codes.Classify(code);
        var legacy = kind == TrackingCodeKind.Legacy && codes.AcceptsLegacy;
        var address = RateLimits.ClientAddress(context);
        if ((kind != TrackingCodeKind.Checked && !legacy) || secret.Length > 64 || (legacy && legacyCodes.Wait(address) is not null))
        {
            return (false, null);
        }

        var grain = grains.Reference<IComplaintGrain>(code!);
        var hash = SubmissionKeys.HashSecret(secret);
        Domain.Complaints.ComplaintView? view = null;
        bool valid;
        if (read)
        {
            view = await Transient.RetryAsync(() => grain.ViewWithSecret(hash));
            valid = view is not null;
        }
        else
        {
            valid = await Transient.RetryAsync(() => grain.VerifySecret(hash));
        }

        if (!valid && legacy)
        {
            legacyCodes.Missed(address);
        }

        return (valid, view);
    }
}
