namespace Lapor.Api.Complaints;

/// <summary>Complaint keys: <c>LPR-</c> and 10 Crockford base32 characters (50 bits), short and safe to read aloud.</summary>
public static class TrackingCodes
{
    public const string Prefix = "LPR-";

    public static string Format(ReadOnlySpan<byte> randomness) => Prefix + Crockford.Encode(randomness, 10);

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create(Crockford.Alphabet);

    public static bool IsValid(string? code) =>
        code is { Length: 14 } && code.StartsWith(Prefix, StringComparison.Ordinal) && code.AsSpan(4).IndexOfAnyExcept(Digits) < 0;
}
