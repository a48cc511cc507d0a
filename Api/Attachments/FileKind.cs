namespace Lapor.Api.Attachments;

/// <summary>
/// A file type attachments may have, recognised by its first bytes (never by its name): what it is called in the
/// settings, its media type, the extensions a download name may end in, and whether it is an image with a stripped copy.
/// </summary>
public sealed record FileKind(string Name, string ContentType, string[] Extensions, bool IsImage)
{
    public static readonly FileKind Jpeg = new("jpeg", "image/jpeg", [".jpg", ".jpeg"], true);
    public static readonly FileKind Png = new("png", "image/png", [".png"], true);
    public static readonly FileKind WebP = new("webp", "image/webp", [".webp"], true);
    public static readonly FileKind Pdf = new("pdf", "application/pdf", [".pdf"], false);
    public static readonly FileKind Mp4 = new("mp4", "video/mp4", [".mp4", ".m4v"], false);
    public static readonly FileKind QuickTime = new("mov", "video/quicktime", [".mov", ".qt"], false);

    public static IReadOnlyList<FileKind> All { get; } = [Jpeg, Png, WebP, Pdf, Mp4, QuickTime];

    /// <summary>Bytes <see cref="Sniff"/> needs to decide.</summary>
    public const int HeadLength = 16;

    /// <summary>The type the file's first bytes announce, or null for anything else.</summary>
    public static FileKind? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = head[8..12];
            if (brand.SequenceEqual("qt  "u8))
            {
                return QuickTime;
            }

            // ISO base media brands of video files (3GP, audio-only M4A and HEIF images are not accepted).
            if (brand.StartsWith("iso"u8) || brand.StartsWith("mp4"u8) || brand.SequenceEqual("avc1"u8) || brand.SequenceEqual("M4V "u8)
                || brand.SequenceEqual("dash"u8))
            {
                return Mp4;
            }
        }

        return null;
    }

    /// <summary>A readable list of the accepted types for messages ("JPEG, PNG, PDF").</summary>
    public static string Describe(IEnumerable<FileKind> kinds) => string.Join(", ", kinds.Select(k => k.Name.ToUpperInvariant()));
}
