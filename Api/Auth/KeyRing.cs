using System.Security.Cryptography;
using Lapor.Hosting;

namespace Lapor.Api.Auth;

/// <summary>
/// The host's secret keys: from configuration (production: every API host must share them), or for the embedded
/// default generated once and kept in the data folder so a restart keeps tracking secrets and tokens valid.
/// </summary>
public static class KeyRing
{
    public static byte[] Load(IConfiguration configuration, string settingName, string fileName)
    {
        if (configuration[settingName] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= 32 ? key : throw new InvalidOperationException($"{settingName} harus minimal 32 byte (base64).");
        }

        var profile = DeploymentProfile.From(configuration);
        var storage = profile.Storage;
        if (!profile.MayGenerateKeys)
        {
            throw new InvalidOperationException($"Setel {settingName} (base64, minimal 32 byte) yang sama di setiap host API.");
        }

        var folder = Path.GetFullPath(storage.DataFolder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(fresh));
        File.Move(temp, path, overwrite: false);
        return fresh;
    }
}

/// <summary>
/// Tracking codes and reporter secrets. With an Idempotency-Key both are derived from it under the server key, so a
/// retry lands on the same complaint and gets the same secret back without the secret ever being stored.
/// </summary>
public sealed class SubmissionKeys(IConfiguration configuration)
{
    private readonly byte[] _key = KeyRing.Load(configuration, "Lapor:Security:ServerKey", "server.key");

    public (string TrackingCode, string Secret) For(string? idempotencyKey)
    {
        if (idempotencyKey is null)
        {
            return (TrackingCodes.Format(RandomNumberGenerator.GetBytes(8)), Crockford.Encode(RandomNumberGenerator.GetBytes(17), 26));
        }

        var id = HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes("tracking-code\n" + idempotencyKey));
        var secret = HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes("reporter-secret\n" + idempotencyKey));
        return (TrackingCodes.Format(id), Crockford.Encode(secret, 26));
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}

/// <summary>Complaint keys: <c>LPR-</c> and 10 Crockford base32 characters (50 bits), short and safe to read aloud.</summary>
public static class TrackingCodes
{
    public const string Prefix = "LPR-";

    public static string Format(ReadOnlySpan<byte> randomness) => Prefix + Crockford.Encode(randomness, 10);

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create(Crockford.Alphabet);

    public static bool IsValid(string? code) =>
        code is { Length: 14 } && code.StartsWith(Prefix, StringComparison.Ordinal) && code.AsSpan(4).IndexOfAnyExcept(Digits) < 0;
}

public static class Crockford
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The first <paramref name="length"/> base32 digits of the bytes (5 bits each).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, int length)
    {
        if (bytes.Length * 8 < length * 5)
        {
            throw new ArgumentException("Not enough bytes for the requested length.", nameof(bytes));
        }

        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var bit = i * 5;
            var value = (bytes[bit / 8] << 8 | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0)) >> (11 - bit % 8) & 0x1F;
            chars[i] = Alphabet[value];
        }

        return new string(chars);
    }
}
