using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

public static class Actors
{
    public static readonly Actor NationalAdmin = new("admin-nasional-1", ActorRole.NationalAdmin, AgencyIds.National);
    public static readonly Actor Overseer = new("pengawas-1", ActorRole.Overseer, null);

    public static Actor Admin(string agencyId) => new($"admin-{agencyId}", ActorRole.AgencyAdmin, agencyId);

    public static Actor Officer(string agencyId) => new($"petugas-{agencyId}", ActorRole.Officer, agencyId);

    /// <summary>An actor of <paramref name="role"/>; staff roles belong to <paramref name="agencyId"/>.</summary>
    public static Actor Of(ActorRole role, string agencyId) => role switch
    {
        ActorRole.Reporter => Actor.Reporter,
        ActorRole.NationalAdmin => NationalAdmin,
        ActorRole.AgencyAdmin => Admin(agencyId),
        ActorRole.Officer => Officer(agencyId),
        ActorRole.Overseer => Overseer,
        ActorRole.System => Actor.System,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
