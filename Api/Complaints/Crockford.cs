namespace Lapor.Api.Complaints;

/// <summary>Crockford's base32 alphabet: digits and capitals without I, L, O and U, easy to read aloud and type.</summary>
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
