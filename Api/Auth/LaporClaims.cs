using System.Security.Claims;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Auth;

/// <summary>The claims Lapor reads from a principal; every decision about who acts comes from these, never from a request field.</summary>
public static class LaporClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Agency = "agency";
    public const string Complaint = "complaint";

    /// <summary>The actor of a staff command, from the authenticated principal only.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(Subject) ?? "?",
            Roles.ToActorRole(user.FindFirstValue(Role)) ?? throw new InvalidOperationException("Authorized principal without a known role."),
            user.FindFirstValue(Agency));

    /// <summary>Admin Nasional and overseers read every agency and every complaint.</summary>
    public static bool IsBroadReader(this ClaimsPrincipal user) => user.IsInRole(Roles.NationalAdmin) || user.IsInRole(Roles.Overseer);
}
