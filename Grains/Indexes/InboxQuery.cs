using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Grains.Indexes;

/// <summary>Order of an inbox page.</summary>
public enum InboxSort
{
    /// <summary>Most urgent first: earliest due time, complaints with nothing due last.</summary>
    Due = 0,
    /// <summary>Oldest submission first.</summary>
    Oldest = 1,
    /// <summary>Newest submission first.</summary>
    Newest = 2,
}

/// <summary>Filters, order and position of an inbox page. Every filter is optional; they combine with AND.</summary>
public sealed record InboxQuery
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public InboxSort Sort { get; init; } = InboxSort.Due;
    public int PageSize { get; init; } = DefaultPageSize;
    /// <summary>Where the previous page ended (<see cref="InboxPage.NextCursor"/>); null for the first page.</summary>
    public InboxCursor? After { get; init; }
    public ComplaintStatus? Status { get; init; }
    /// <summary>Holders warned at this share of the deadline or more: 50 or 75.</summary>
    public int? WarnedAtLeast { get; init; }
    /// <summary>True: only complaints past their due time; false: only those not past it.</summary>
    public bool? Overdue { get; init; }
    public ReportKind? Kind { get; init; }
    public Channel? Channel { get; init; }
    public string? Category { get; init; }
    /// <summary>BPS region code prefix: "35" matches every regency and city of Jawa Timur.</summary>
    public string? RegionPrefix { get; init; }
    /// <summary>Submitted at or after (inclusive).</summary>
    public DateTimeOffset? SubmittedFrom { get; init; }
    /// <summary>Submitted before (exclusive).</summary>
    public DateTimeOffset? SubmittedTo { get; init; }
}

/// <summary>
/// The position after the last item of a page: the sort it belongs to, the item's sort key and its complaint id (the
/// tie-breaker). Opaque to clients (URL-safe base64); a page continues exactly after it even while rows are inserted.
/// </summary>
public sealed record InboxCursor(InboxSort Sort, long Key, string ComplaintId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{(int)Sort}|{Key}|{ComplaintId}")));

    /// <summary>Null when <paramref name="text"/> is not a cursor this server wrote.</summary>
    public static InboxCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200 || !Base64Url.IsValid(text))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 3);
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sort) && Enum.IsDefined((InboxSort)sort)
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            && parts[2].Length is > 0 and <= 64
                ? new InboxCursor((InboxSort)sort, key, parts[2])
                : null;
    }
}
