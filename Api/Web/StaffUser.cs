using System.Security.Claims;
using Lapor.Api.Auth;

namespace Lapor.Api.Web;

/// <summary>The signed-in staff member as the pages show them, read from the same claims the API's tokens carry.</summary>
public sealed record StaffUser(string Username, string Name, string Role, string AgencyId)
{
    public static StaffUser? From(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
        && user.FindFirstValue(LaporClaims.Role) is { } role && Roles.ToActorRole(role) is not null
            ? new StaffUser(user.FindFirstValue(LaporClaims.Subject) ?? "?", user.FindFirstValue("name") ?? "?", role,
                user.FindFirstValue(LaporClaims.Agency) ?? "")
            : null;

    public bool IsAdmin => Role is Roles.NationalAdmin or Roles.AgencyAdmin;

    /// <summary>The claims of a cookie session: exactly those of a token from <see cref="DevTokens.Create"/>.</summary>
    public static ClaimsPrincipal Principal(StaffAccount account, string scheme)
    {
        ArgumentNullException.ThrowIfNull(account);
        var identity = new ClaimsIdentity(
        [
            new Claim(LaporClaims.Subject, account.Username),
            new Claim("name", account.Name),
            new Claim(LaporClaims.Role, account.Role),
            new Claim(LaporClaims.Agency, account.AgencyId),
        ], scheme, LaporClaims.Subject, LaporClaims.Role);
        return new ClaimsPrincipal(identity);
    }
}

/// <summary>One link of the staff part of the menu.</summary>
public sealed record StaffLink(string Href, string Text);

/// <summary>
/// The staff menu, by role. The officer console, administration and the monev dashboard add their links here.
/// </summary>
public static class StaffLinks
{
    public static IReadOnlyList<StaffLink> For(StaffUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var links = new List<StaffLink>();
        if (user.IsAdmin)
        {
            links.Add(new StaffLink("/titik-layanan", "Titik layanan"));
        }

        return links;
    }
}

/// <summary>Indonesian names of the roles, for the menu.</summary>
public static class RoleLabels
{
    public static string Label(string role) => role switch
    {
        Roles.NationalAdmin => "Admin Nasional",
        Roles.AgencyAdmin => "Admin Instansi",
        Roles.Officer => "Pejabat Penghubung",
        Roles.Overseer => "Pengawas",
        _ => role,
    };
}
