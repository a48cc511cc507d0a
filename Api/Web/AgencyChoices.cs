using Lapor.Grains.Indexes;

namespace Lapor.Api.Web;

/// <summary>
/// What an agency picker shows after a post of its form: the agency chosen so far and, when the person searched, the
/// agencies whose names match (from the agency directory, never a walk of the tree).
/// </summary>
public sealed record AgencyChoices(AgencyListing? Selected, IReadOnlyList<AgencyListing> Found, string? SearchedFor, bool More)
{
    public const int Shown = 20;

    public static AgencyChoices None { get; } = new(null, [], null, false);

    /// <summary>
    /// True when the post asked for a search rather than the form's action: its search button was pressed, or its
    /// search field holds text (Enter in that field, or text typed and not searched).
    /// </summary>
    public static bool IsSearch(string? find, string? text) => !string.IsNullOrEmpty(find) || !string.IsNullOrWhiteSpace(text);

    /// <summary>The chosen agency (null when none or unknown) and the matches of <paramref name="text"/> when given.</summary>
    public static async Task<AgencyChoices> LoadAsync(IAgencyIndex directory, string? selectedId, string? text, bool search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        AgencyListing? selected = null;
        if (Http.Validation.IsSlug(selectedId))
        {
            (await directory.FindAsync([selectedId], cancellationToken)).TryGetValue(selectedId, out selected);
        }

        if (!search)
        {
            return new(selected, [], null, false);
        }

        return await AgencyOptions.SearchAsync(directory, text, cancellationToken) is { } page
            ? new(selected, page.Items, text!.Trim(), page.NextCursor is not null)
            : new(selected, [], "", false);
    }
}
