using System.Globalization;
using System.Text;

namespace Lapor.Api.Attachments;

/// <summary>
/// The name a file is stored and offered under: no folders, no control or bidirectional-override characters, no
/// characters file systems or headers trip over, at most 120 characters, and ending in an extension of the type the
/// content really is (so "foto.exe" holding a JPEG is offered as "foto.exe.jpg").
/// </summary>
public static class FileNames
{
    public const int MaxLength = 120;
    public const string Fallback = "lampiran";

    public static string Sanitize(string? name, FileKind? kind = null)
    {
        var text = (name ?? "").Replace('\\', '/');
        text = text[(text.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            clean.Append(rune.Value is '"' or ':' or '*' or '?' or '<' or '>' or '|' or ';' or '%' ? "_" : rune.ToString());
        }

        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            result = Fallback;
        }

        if (kind is not null && !kind.Extensions.Any(e => result.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            result += kind.Extensions[0];
        }

        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            var keep = MaxLength - (extension.Length <= 10 ? extension.Length : 0);
            // Never cut a surrogate pair in half.
            var cut = char.IsHighSurrogate(result[keep - 1]) ? keep - 1 : keep;
            result = result[..cut] + (extension.Length <= 10 ? extension : "");
        }

        return result;
    }
}
