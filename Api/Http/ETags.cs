using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Lapor.Api.Http;

/// <summary>A complaint's version as a strong ETag, and If-Match parsed back into a version.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = For(version);

    /// <summary>null: no precondition. Otherwise the version the caller last saw, or an error naming If-Match.</summary>
    public static (int? Version, string? Error) ParseIfMatch(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(raw) || raw.Trim() == "*")
        {
            return (null, null);
        }

        if (EntityTagHeaderValue.TryParse(raw.Trim(), out var tag) && !tag.IsWeak
            && int.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (version, null);
        }

        return (null, "If-Match harus berisi satu ETag versi laporan, misalnya \"3\".");
    }
}
