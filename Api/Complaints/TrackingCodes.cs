using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Lapor.Api.Auth;
using Lapor.Hosting;

namespace Lapor.Api.Complaints;

/// <summary>What a string in the place of a tracking code is.</summary>
public enum TrackingCodeKind
{
    /// <summary>Not a tracking code, or a code whose check value is wrong (made up).</summary>
    Invalid = 0,
    /// <summary><c>LPR-XXXXXXXXXX-CCC</c>: ten Crockford base32 characters and a keyed three-character check.</summary>
    Checked = 1,
    /// <summary><c>LPR-XXXXXXXXXX</c>: the first format, without a check value; only existence can tell it is real.</summary>
    Legacy = 2,
}

/// <summary>
/// Complaint keys: <c>LPR-</c>, 10 Crockford base32 characters (50 bits, short and safe to read aloud), a dash and a
/// three-character check value: the first 15 bits of an HMAC of the ten characters under a key derived from the
/// server key. The check is keyed because the project is open source: a public checksum would only catch typing
/// errors, while a made-up code passes this one with a chance of 1 in 32,768, so forged and mistyped codes are
/// refused before any grain is touched. Codes of the first format (without the check) stay valid: they are looked up
/// while <see cref="AcceptsLegacy"/>, and misses of such codes are limited per address (<see cref="LegacyCodeGuard"/>).
/// </summary>
public sealed class TrackingCodes
{
    public const string Prefix = "LPR-";
    public const int IdLength = 10;
    public const int CheckLength = 3;
    public const int Length = 4 + IdLength + 1 + CheckLength;
    public const int LegacyLength = 4 + IdLength;

    /// <summary>Marker in the data folder: every code issued from this folder carries a check value.</summary>
    public const string CheckedOnlyMarker = "tracking-codes-checked";

    private static readonly SearchValues<char> Digits = SearchValues.Create(Crockford.Alphabet);

    private readonly byte[] _checkKey;

    public TrackingCodes(ReadOnlySpan<byte> serverKey, bool acceptsLegacy)
    {
        _checkKey = HMACSHA256.HashData(serverKey, "tracking-code-check"u8);
        AcceptsLegacy = acceptsLegacy;
    }

    /// <summary>Whether codes of the first format are looked up at all.</summary>
    public bool AcceptsLegacy { get; }

    /// <summary>
    /// From configuration: the server key, and whether legacy codes may exist. Configured explicitly
    /// (<c>Lapor:Security:LegacyTrackingCodes</c>) or, in a data folder whose server key this build generated (so it
    /// never issued a code without a check), refused; otherwise accepted.
    /// </summary>
    public static TrackingCodes Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = KeyRing.Load(configuration, SubmissionKeys.ServerKeySetting, SubmissionKeys.ServerKeyFile, out var generated);
        var profile = DeploymentProfile.From(configuration);
        var acceptsLegacy = profile.AcceptsLegacyTrackingCodes ?? true;
        if (profile.AcceptsLegacyTrackingCodes is null && profile.MayGenerateKeys && configuration[SubmissionKeys.ServerKeySetting] is not { Length: > 0 })
        {
            var marker = Path.Combine(Path.GetFullPath(profile.Storage.DataFolder), CheckedOnlyMarker);
            if (generated)
            {
                File.WriteAllText(marker, "Every tracking code issued with this data folder carries a check value.\n");
            }

            acceptsLegacy = !File.Exists(marker);
        }

        return new TrackingCodes(key, acceptsLegacy);
    }

    /// <summary>A new code from at least 7 bytes of randomness (or of a keyed hash, for idempotent submissions).</summary>
    public string Format(ReadOnlySpan<byte> randomness)
    {
        var id = Crockford.Encode(randomness, IdLength);
        return Prefix + id + "-" + Check(id);
    }

    public TrackingCodeKind Classify(string? code)
    {
        if (code is null || !code.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return TrackingCodeKind.Invalid;
        }

        if (code.Length == LegacyLength)
        {
            return code.AsSpan(4).IndexOfAnyExcept(Digits) < 0 ? TrackingCodeKind.Legacy : TrackingCodeKind.Invalid;
        }

        if (code.Length != Length || code[4 + IdLength] != '-')
        {
            return TrackingCodeKind.Invalid;
        }

        var id = code.AsSpan(4, IdLength);
        var check = code.AsSpan(4 + IdLength + 1);
        if (id.IndexOfAnyExcept(Digits) >= 0 || check.IndexOfAnyExcept(Digits) >= 0)
        {
            return TrackingCodeKind.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Check(id.ToString()));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(check.ToString()))
            ? TrackingCodeKind.Checked
            : TrackingCodeKind.Invalid;
    }

    /// <summary>A code worth looking up: well formed with a right check value, or of the first format while those are accepted.</summary>
    public bool Accepts(string? code) => Classify(code) switch
    {
        TrackingCodeKind.Checked => true,
        TrackingCodeKind.Legacy => AcceptsLegacy,
        _ => false,
    };

    private string Check(string id) => Crockford.Encode(HMACSHA256.HashData(_checkKey, Encoding.ASCII.GetBytes(id)), CheckLength);
}
