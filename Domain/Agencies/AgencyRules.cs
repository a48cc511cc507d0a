using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Agencies;

/// <summary>What administrators may define: an agency's own fields, its place in the tree, its SLA overrides.</summary>
public static class AgencyRules
{
    /// <summary>Checks a profile for the agency keyed <paramref name="id"/> before its parent is looked up.</summary>
    public static Rejection? Check(string id, AgencyProfile profile)
    {
        if (profile.Id != id)
        {
            return new Rejection(RejectionKind.InvalidInput, "Kode instansi tidak sesuai dengan alamat.", "id");
        }

        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            return new Rejection(RejectionKind.InvalidInput, "Nama instansi wajib diisi.", "name");
        }

        if (SlaPolicies.Validate(profile.Policy) is { Count: > 0 } errors)
        {
            return new Rejection(RejectionKind.InvalidInput, errors[0].Message, "policy." + errors[0].Field);
        }

        var isRoot = id == AgencyIds.National;
        if (isRoot != (profile.ParentId is null) || isRoot != (profile.Level == AgencyLevel.National))
        {
            return new Rejection(RejectionKind.InvalidInput,
                "Hanya instansi 'nasional' yang tidak memiliki induk dan bertingkat Nasional.", "parentId");
        }

        return profile.ParentId == id ? CycleRejection : null;
    }

    /// <summary>Checks the parent's routing (null: the parent does not exist): it must exist and not lie below this agency.</summary>
    public static Rejection? CheckParent(string id, AgencyRouting? parent) => parent switch
    {
        null => new Rejection(RejectionKind.InvalidInput, "Instansi induk tidak dikenal.", "parentId"),
        _ when parent.Path.Any(n => n.AgencyId == id) => CycleRejection,
        _ => null,
    };

    /// <summary>
    /// Zone, path to the root and the policy in force: the agency's own overrides over the parent's effective policy
    /// (which already folds in every ancestor and the national defaults).
    /// </summary>
    public static AgencyRouting Routing(AgencyProfile profile, AgencyRouting? parent)
    {
        var effective = SlaPolicies.Effective([profile.Policy, parent?.EffectivePolicy]);
        var self = new PathNode(profile.Id, profile.Zone, effective.Escalated!, profile.Name);
        return new AgencyRouting(profile.Id, profile.Name, profile.Level, profile.Zone,
            parent is null ? [self] : parent.Path.Insert(0, self), effective);
    }

    private static Rejection CycleRejection { get; } =
        new(RejectionKind.InvalidInput, "Induk ini akan membentuk siklus dalam pohon instansi.", "parentId");
}
