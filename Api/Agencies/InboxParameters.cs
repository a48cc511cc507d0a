using Lapor.Domain.Complaints;
using Lapor.Grains.Indexes;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Agencies;

/// <summary>The query string of an inbox page: filters, order and position (keyset, never an offset).</summary>
public sealed record InboxParameters(
    [FromQuery(Name = "status")] string? Status = null,
    [FromQuery(Name = "warnedAtLeast")] int? WarnedAtLeast = null,
    [FromQuery(Name = "overdue")] bool? Overdue = null,
    [FromQuery(Name = "kind")] string? Kind = null,
    [FromQuery(Name = "channel")] string? Channel = null,
    [FromQuery(Name = "category")] string? Category = null,
    [FromQuery(Name = "region")] string? Region = null,
    [FromQuery(Name = "submittedFrom")] DateTimeOffset? SubmittedFrom = null,
    [FromQuery(Name = "submittedTo")] DateTimeOffset? SubmittedTo = null,
    [FromQuery(Name = "sort")] string? Sort = null,
    [FromQuery(Name = "take")] int? Take = null,
    [FromQuery(Name = "cursor")] string? Cursor = null)
{
    /// <summary>The index query, or the first field that is wrong (camelCase, as in the query string).</summary>
    public (InboxQuery? Query, (string Field, string Message)? Error) ToQuery()
    {
        if (!TryEnum<ComplaintStatus>(Status, out var status)) { return (null, ("status", "Status laporan tidak dikenal.")); }
        if (WarnedAtLeast is not (null or 50 or 75)) { return (null, ("warnedAtLeast", "Harus 50 atau 75.")); }
        if (!TryEnum<ReportKind>(Kind, out var kind)) { return (null, ("kind", "Jenis laporan tidak dikenal.")); }
        if (!TryEnum<Channel>(Channel, out var channel)) { return (null, ("channel", "Kanal tidak dikenal.")); }
        if (Category is { Length: > 100 }) { return (null, ("category", "Paling banyak 100 karakter.")); }
        if (Region is { } region && (region.Length is 0 or > 13 || !region.All(c => char.IsAsciiDigit(c) || c == '.')))
        {
            return (null, ("region", "Kode wilayah BPS: angka dan titik, paling banyak 13 karakter."));
        }

        if (SubmittedFrom is { } from && SubmittedTo is { } to && to <= from)
        {
            return (null, ("submittedTo", "Harus setelah submittedFrom."));
        }

        if (!TryEnum<InboxSort>(Sort, out var sort)) { return (null, ("sort", "Urutan: due, oldest atau newest.")); }
        if (Take is < 1 or > InboxQuery.MaxPageSize) { return (null, ("take", $"Harus 1 sampai {InboxQuery.MaxPageSize}.")); }
        var after = InboxCursor.TryDecode(Cursor);
        if (Cursor is not null && (after is null || after.Sort != (sort ?? InboxSort.Due)))
        {
            return (null, ("cursor", "Kursor tidak valid untuk urutan ini; mulai lagi dari halaman pertama."));
        }

        return (new InboxQuery
        {
            Status = status,
            WarnedAtLeast = WarnedAtLeast,
            Overdue = Overdue,
            Kind = kind,
            Channel = channel,
            Category = Category,
            RegionPrefix = Region,
            SubmittedFrom = SubmittedFrom,
            SubmittedTo = SubmittedTo,
            Sort = sort ?? InboxSort.Due,
            PageSize = Take ?? InboxQuery.DefaultPageSize,
            After = after,
        }, null);
    }

    /// <summary>Names as the JSON answers spell them (camelCase); numbers are not names.</summary>
    internal static bool TryEnum<T>(string? text, out T? value) where T : struct, Enum
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (text.Length == 0 || !char.IsAsciiLetter(text[0]) || !Enum.TryParse<T>(text, ignoreCase: true, out var parsed)
            || !Enum.IsDefined(parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
