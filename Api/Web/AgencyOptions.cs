using System.Security.Claims;
using Lapor.Api.Auth;
using Lapor.Domain.Agencies;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;

namespace Lapor.Api.Web;

/// <summary>An agency a navigation picker offers, indented by its depth below the first one offered.</summary>
public sealed record AgencyOption(string Id, string Name, int Depth);

/// <summary>One agency on the way from the root down to the agency on view; <see cref="Visible"/> when the user may look at it.</summary>
public sealed record AgencyStep(string Id, string Name, bool Visible);

/// <summary>
/// What a page's agency picker offers around the agency on view, from the agency directory: the way up to it (as far as
/// the user may look: the API's agency scope rule, own agency and below, Admin Nasional and overseers anywhere), then
/// the agencies right below it. Every other agency is a level away through them, or found by name
/// (<c>AgencySearchLinks</c>); no page lists the whole tree.
/// </summary>
public static class AgencyOptions
{
    /// <summary>The routing of <paramref name="agencyId"/>, or null when it is not an agency's code or not defined.</summary>
    public static async Task<AgencyRouting?> RoutingAsync(IGrainFactory grains, string? agencyId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return Http.Validation.IsSlug(agencyId) ? await grains.Reference<IAgencyGrain>(agencyId).GetRouting() : null;
    }

    /// <summary>
    /// The root first, <paramref name="routing"/>'s agency last, named from the directory in one read; visible from the
    /// <paramref name="user"/>'s own agency down (null on a public page: every agency may be looked at).
    /// </summary>
    public static async Task<List<AgencyStep>> WayUpAsync(IAgencyIndex directory, AgencyRouting routing, ClaimsPrincipal? user,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(routing);
        var own = user?.FindFirstValue(LaporClaims.Agency);
        var seen = user is null || user.IsBroadReader();
        var path = routing.Path.Reverse().Select(n => n.AgencyId).ToList();
        var names = await directory.FindAsync(path, cancellationToken);
        var steps = new List<AgencyStep>(path.Count);
        foreach (var id in path)
        {
            seen |= id == own;
            var name = names.TryGetValue(id, out var listed) ? listed.Name : id == routing.AgencyId ? routing.Name : id;
            steps.Add(new AgencyStep(id, name, seen));
        }

        return steps;
    }

    /// <summary>The options around <paramref name="routing"/>'s agency for <paramref name="user"/> (null on a public page).</summary>
    public static async Task<List<AgencyOption>> AroundAsync(IAgencyIndex directory, AgencyRouting routing, ClaimsPrincipal? user,
        CancellationToken cancellationToken)
    {
        var way = await WayUpAsync(directory, routing, user, cancellationToken);
        var options = way.Where((s, i) => s.Visible || i == way.Count - 1).Select((s, i) => new AgencyOption(s.Id, s.Name, i)).ToList();

        // Below an agency the user may not look at there is nothing to offer (its page says so).
        if (way[^1].Visible)
        {
            var depth = options.Count;
            var below = await directory.SearchAsync(new AgencySearch { ParentId = routing.AgencyId, PageSize = AgencySearch.MaxPageSize }, cancellationToken);
            options.AddRange(below.Items.Select(a => new AgencyOption(a.Id, a.Name, depth)));
        }

        return options;
    }

    /// <summary>The matches of a name search (the first <see cref="AgencyChoices.Shown"/>), or null when nothing was asked.</summary>
    public static async Task<AgencyIndexPage?> SearchAsync(IAgencyIndex directory, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var words = text?.Trim();
        return string.IsNullOrEmpty(words) ? null
            : await directory.SearchAsync(new AgencySearch { Text = words[..Math.Min(words.Length, 100)], PageSize = AgencyChoices.Shown }, cancellationToken);
    }
}
