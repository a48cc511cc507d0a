using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>
/// A hand-built agency tree (no Orleans): nasional → prov-jatim → kota-malang → malang-dishub / malang-dinkes,
/// nasional → kemenkes, nasional → prov-bali → kota-denpasar (WITA).
/// </summary>
public sealed class AgencyTree
{
    public const string Nasional = AgencyIds.National;
    public const string ProvJatim = "prov-jatim";
    public const string KotaMalang = "kota-malang";
    public const string Dishub = "malang-dishub";
    public const string Dinkes = "malang-dinkes";
    public const string Kemenkes = "kemenkes";
    public const string ProvBali = "prov-bali";
    public const string Denpasar = "kota-denpasar";

    private readonly Dictionary<string, (AgencyRouting Routing, ImmutableArray<SlaPolicy?> OwnChain)> nodes = [];

    public IReadOnlyDictionary<string, AgencyRouting> All => nodes.ToDictionary(kv => kv.Key, kv => kv.Value.Routing);

    public AgencyRouting this[string id] => nodes[id].Routing;

    public static AgencyTree Default(SlaPolicy? kotaMalangPolicy = null)
    {
        var tree = new AgencyTree();
        tree.Add(Nasional, "Admin Nasional (KemenPANRB)", AgencyLevel.National, null, AgencyZone.Wib);
        tree.Add(ProvJatim, "Pemerintah Provinsi Jawa Timur", AgencyLevel.Province, Nasional, AgencyZone.Wib);
        tree.Add(KotaMalang, "Pemerintah Kota Malang", AgencyLevel.RegencyCity, ProvJatim, AgencyZone.Wib, kotaMalangPolicy);
        tree.Add(Dishub, "Dinas Perhubungan Kota Malang", AgencyLevel.Unit, KotaMalang, AgencyZone.Wib);
        tree.Add(Dinkes, "Dinas Kesehatan Kota Malang", AgencyLevel.Unit, KotaMalang, AgencyZone.Wib);
        tree.Add(Kemenkes, "Kementerian Kesehatan", AgencyLevel.Ministry, Nasional, AgencyZone.Wib);
        tree.Add(ProvBali, "Pemerintah Provinsi Bali", AgencyLevel.Province, Nasional, AgencyZone.Wita);
        tree.Add(Denpasar, "Pemerintah Kota Denpasar", AgencyLevel.RegencyCity, ProvBali, AgencyZone.Wita);
        return tree;
    }

    public void Add(string id, string name, AgencyLevel level, string? parentId, AgencyZone zone, SlaPolicy? own = null)
    {
        var parentPath = parentId is null ? [] : nodes[parentId].Routing.Path;
        var ownChain = parentId is null ? [own] : nodes[parentId].OwnChain.Insert(0, own);
        var effective = SlaPolicies.Effective(ownChain);
        var path = parentPath.Insert(0, new PathNode(id, zone, effective.Escalated!, name));
        nodes[id] = (new AgencyRouting(id, name, level, zone, path, effective), ownChain);
    }
}
