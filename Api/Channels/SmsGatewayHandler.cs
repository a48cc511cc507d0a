using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Lapor.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Channels;

/// <summary>
/// Authenticates the SMS gateway. <see cref="SmsAuthMode.Hmac"/>: the signature header carries
/// <c>sha256=</c> and the hex HMAC-SHA256, keyed with the shared secret, of <c>{timestamp}.{raw body}</c>; the
/// timestamp header (Unix seconds) must be within the tolerance of this host's clock, so a captured call cannot be
/// replayed later. <see cref="SmsAuthMode.SharedSecret"/>: the secret header equals the secret. Every comparison is
/// constant-time. A refusal is 401 with a problem naming the header.
/// </summary>
public sealed class SmsGatewayHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<SmsChannelOptions> sms,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SmsGateway";
    /// <summary>An SMS is short: the whole inbound call is at most this many bytes.</summary>
    public const int MaxBody = 16 * 1024;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var o = sms.Value;
        var secret = Encoding.UTF8.GetBytes(o.Secret ?? "");
        if (!o.Enabled || secret.Length == 0)
        {
            return AuthenticateResult.Fail("Kanal SMS tidak diaktifkan.");
        }

        if (o.Mode == SmsAuthMode.SharedSecret)
        {
            var given = Request.Headers[o.SecretHeader].ToString();
            if (given.Length == 0)
            {
                return AuthenticateResult.NoResult();
            }

            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), secret)
                ? Success()
                : AuthenticateResult.Fail("Rahasia gerbang SMS tidak cocok.");
        }

        var signature = Request.Headers[o.SignatureHeader].ToString();
        var stamp = Request.Headers[o.TimestampHeader].ToString();
        if (signature.Length == 0 && stamp.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > o.SignatureTolerance.TotalSeconds)
        {
            return AuthenticateResult.Fail($"{o.TimestampHeader} tidak ada atau di luar toleransi waktu.");
        }

        var body = await ReadBodyAsync();
        if (body is null)
        {
            return AuthenticateResult.Fail("Isi permintaan terlalu besar.");
        }

        var expected = Sign(secret, stamp, body);
        var hex = signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? signature[7..] : signature;
        byte[] presented;
        try
        {
            presented = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("Tanda tangan tidak cocok.");
        }

        return CryptographicOperations.FixedTimeEquals(presented, expected) ? Success() : AuthenticateResult.Fail("Tanda tangan tidak cocok.");
    }

    /// <summary>HMAC-SHA256 of <c>{timestamp}.{body}</c>: the inbound check and the outbound signature.</summary>
    public static byte[] Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return HMACSHA256.HashData(secret, data);
    }

    /// <summary>Reads the raw body (at most <see cref="MaxBody"/>) and rewinds it for the endpoint; null when larger.</summary>
    private async Task<byte[]?> ReadBodyAsync()
    {
        if (Request.ContentLength > MaxBody)
        {
            return null;
        }

        Request.EnableBuffering();
        using var copy = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await Request.Body.ReadAsync(buffer, Context.RequestAborted)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > MaxBody)
            {
                return null;
            }
        }

        Request.Body.Position = 0;
        return copy.ToArray();
    }

    private AuthenticateResult Success() =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(LaporClaims.Subject, "gerbang-sms")], SchemeName)), SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var o = sms.Value;
        var result = await HandleAuthenticateOnceSafeAsync();
        var header = o.Mode == SmsAuthMode.SharedSecret ? o.SecretHeader : o.SignatureHeader;
        var message = result.Failure?.Message ?? $"Panggilan gerbang SMS wajib bertanda ({header}).";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"LaporGateway header=\"{header}\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Gerbang SMS tidak terautentikasi.",
                Detail = message,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [header] = [message] } },
            },
        });
    }
}
