using Lapor.Api.Http;
using Lapor.Grains.Indexes;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Agencies;

/// <summary>The query string of the agency directory: a name to search, a parent to list below, and the position.</summary>
public sealed record AgencyListParameters(
    [FromQuery(Name = "q")] string? Text = null,
    [FromQuery(Name = "parentId")] string? ParentId = null,
    [FromQuery(Name = "take")] int? Take = null,
    [FromQuery(Name = "cursor")] string? Cursor = null)
{
    /// <summary>The index query, or the fields that are wrong and why (camelCase, as in the query string).</summary>
    public (AgencySearch? Query, Validation.Errors Errors) ToQuery()
    {
        var errors = new Validation.Errors();
        if (Text is { Length: > 100 }) { errors.Add("q", "Paling banyak 100 karakter."); }
        errors.Slug("parentId", ParentId, required: false);
        if (Take is < 1 or > AgencySearch.MaxPageSize) { errors.Add("take", $"Harus 1 sampai {AgencySearch.MaxPageSize}."); }
        var after = AgencyCursor.TryDecode(Cursor);
        if (Cursor is not null && after is null)
        {
            errors.Add("cursor", "Kursor tidak valid; mulai lagi dari halaman pertama.");
        }

        return errors.Any
            ? (null, errors)
            : (new AgencySearch
            {
                Text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
                ParentId = ParentId,
                PageSize = Take ?? 20,
                After = after,
            }, errors);
    }
}
