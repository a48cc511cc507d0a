using System.Buffers.Text;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;

namespace Lapor.Grains.Indexes;

/// <summary>
/// Every agency as one row in the database, written by its grain after each definition: what the pickers search by
/// name and what lists an agency's children a page at a time, so no page walks the tree and no list is cut off at
/// national shape. The agency grains stay the truth; this is their directory.
/// </summary>
public interface IAgencyIndex
{
    /// <summary>Stores the agency's row at <paramref name="revision"/> unless the stored row is as new or newer.</summary>
    Task ApplyAsync(AgencyProfile profile, int revision, CancellationToken cancellationToken = default);

    /// <summary>One page of agencies for <paramref name="query"/>, by name (then id).</summary>
    Task<AgencyIndexPage> SearchAsync(AgencySearch query, CancellationToken cancellationToken = default);

    /// <summary>The listed agencies among <paramref name="ids"/> (unknown ones are left out), keyed by id.</summary>
    Task<ImmutableDictionary<string, AgencyListing>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);
}

/// <summary>
/// A search of the directory; every filter optional. Each word of <see cref="Text"/> (up to <see cref="MaxWords"/>)
/// must appear, in any case, inside the agency's name or its parent's.
/// </summary>
public sealed record AgencySearch
{
    public const int MaxPageSize = 100;

    /// <summary>The most ids one <see cref="IAgencyIndex.FindAsync"/> call looks up.</summary>
    public const int MaxIds = 100;

    public const int MaxWords = 5;

    public int PageSize { get; init; } = 20;

    public string? Text { get; init; }

    /// <summary>Only the agencies directly below this one.</summary>
    public string? ParentId { get; init; }

    public AgencyCursor? After { get; init; }
}

/// <summary>One agency as the directory lists it, with its parent's name so that namesakes can be told apart.</summary>
public sealed record AgencyListing(string Id, string Name, AgencyLevel Level, AgencyZone Zone, string? ParentId, string? ParentName);

/// <summary>A page of the directory and the cursor of the next one (null on the last page).</summary>
public sealed record AgencyIndexPage(ImmutableArray<AgencyListing> Items, string? NextCursor);

/// <summary>
/// The position after the last agency of a page: its lower-cased name and its id (the tie-breaker). Opaque to clients
/// (URL-safe base64).
/// </summary>
public sealed record AgencyCursor(string NameLower, string AgencyId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{AgencyId}|{NameLower}")));

    /// <summary>Null when <paramref name="text"/> is not a cursor this server wrote.</summary>
    public static AgencyCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 1_000 || !Base64Url.IsValid(text))
        {
            return null;
        }

        // Ids are slugs (no '|'), so the first '|' ends the id whatever the name holds.
        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
        return parts.Length == 2 && parts[0].Length is > 0 and <= 64 ? new AgencyCursor(parts[1], parts[0]) : null;
    }
}
