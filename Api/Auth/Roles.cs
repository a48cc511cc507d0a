using Lapor.Domain.Complaints;

namespace Lapor.Api.Auth;

/// <summary>Role names as they appear in tokens' <c>role</c> claim.</summary>
public static class Roles
{
    public const string NationalAdmin = "national-admin";
    public const string AgencyAdmin = "agency-admin";
    public const string Officer = "officer";
    public const string Overseer = "overseer";

    public static ActorRole? ToActorRole(string? role) => role switch
    {
        NationalAdmin => ActorRole.NationalAdmin,
        AgencyAdmin => ActorRole.AgencyAdmin,
        Officer => ActorRole.Officer,
        Overseer => ActorRole.Overseer,
        _ => null,
    };
}
