using System.Security.Cryptography;
using Lapor.Api.Auth;

namespace Lapor.Api.Complaints;

/// <summary>
/// Tracking codes and reporter secrets. With an Idempotency-Key both are derived from it under the server key, so a
/// retry lands on the same complaint and gets the same secret back without the secret ever being stored.
/// </summary>
public sealed class SubmissionKeys(IConfiguration configuration, TrackingCodes codes)
{
    public const string ServerKeySetting = "Lapor:Security:ServerKey";
    public const string ServerKeyFile = "server.key";

    /// <summary>The tracking-code format these keys issue (and the check that refuses made-up codes).</summary>
    public TrackingCodes Codes => codes;

    private readonly byte[] _key = KeyRing.Load(configuration, ServerKeySetting, ServerKeyFile);

    public (string TrackingCode, string Secret) For(string? idempotencyKey)
    {
        if (idempotencyKey is null)
        {
            return (codes.Format(RandomNumberGenerator.GetBytes(8)), Crockford.Encode(RandomNumberGenerator.GetBytes(17), 26));
        }

        var id = HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes("tracking-code\n" + idempotencyKey));
        var secret = HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes("reporter-secret\n" + idempotencyKey));
        return (codes.Format(id), Crockford.Encode(secret, 26));
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}
