using Lapor.Api.Agencies;
using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains.Indexes;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Complaints;

/// <summary>The query string of the public list: search, filters and position (keyset, newest first).</summary>
public sealed record PublicListParameters(
    [FromQuery(Name = "q")] string? Text = null,
    [FromQuery(Name = "agencyId")] string? AgencyId = null,
    [FromQuery(Name = "category")] string? Category = null,
    [FromQuery(Name = "status")] string? Status = null,
    [FromQuery(Name = "kind")] string? Kind = null,
    [FromQuery(Name = "submittedFrom")] DateTimeOffset? SubmittedFrom = null,
    [FromQuery(Name = "submittedTo")] DateTimeOffset? SubmittedTo = null,
    [FromQuery(Name = "take")] int? Take = null,
    [FromQuery(Name = "cursor")] string? Cursor = null)
{
    public const int MaxTake = 100;

    /// <summary>The index query, or the field that is wrong and why (camelCase, as in the query string).</summary>
    public (PublicQuery? Query, Validation.Errors Errors) ToQuery()
    {
        var errors = new Validation.Errors();
        if (Text is { Length: > 100 }) { errors.Add("q", "Paling banyak 100 karakter."); }
        errors.Slug("agencyId", AgencyId, required: false);
        if (Category is { Length: > 100 }) { errors.Add("category", "Paling banyak 100 karakter."); }
        if (!InboxParameters.TryEnum<ComplaintStatus>(Status, out var status)) { errors.Add("status", "Status laporan tidak dikenal."); }
        if (!InboxParameters.TryEnum<ReportKind>(Kind, out var kind)) { errors.Add("kind", "Jenis laporan tidak dikenal."); }
        if (SubmittedFrom is { } from && SubmittedTo is { } to && to <= from) { errors.Add("submittedTo", "Harus setelah submittedFrom."); }
        if (Take is < 1 or > MaxTake) { errors.Add("take", $"Harus 1 sampai {MaxTake}."); }
        var after = InboxCursor.TryDecode(Cursor);
        if (Cursor is not null && after is not { Sort: InboxSort.Newest })
        {
            errors.Add("cursor", "Kursor tidak valid; mulai lagi dari halaman pertama.");
        }

        return errors.Any
            ? (null, errors)
            : (new PublicQuery
            {
                Text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
                AgencyId = AgencyId,
                Categories = Category is { Length: > 0 } category ? [category] : null,
                Statuses = status is { } s ? [s] : null,
                Kind = kind,
                SubmittedFrom = SubmittedFrom,
                SubmittedTo = SubmittedTo,
                PageSize = Take ?? 20,
                After = after,
            }, errors);
    }
}
