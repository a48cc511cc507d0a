using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Tests.Agencies;

public sealed class AgencyRulesTests
{
    private static AgencyProfile City(string? parent = "prov", string name = "Kota Malang") =>
        new("kota", name, AgencyLevel.RegencyCity, parent, AgencyZone.Wib, new SlaPolicy());

    [Fact]
    public void An_agency_that_names_itself_as_parent_is_refused_before_any_lookup() =>
        Assert.Equal("parentId", AgencyRules.Check("kota", City(parent: "kota"))?.Field);

    [Fact]
    public void A_parent_below_the_agency_would_make_a_cycle_and_is_refused()
    {
        var below = AgencyRules.Routing(new AgencyProfile("unit", "Dinas", AgencyLevel.Unit, "kota", AgencyZone.Wib, new SlaPolicy()),
            AgencyRules.Routing(City(), AgencyRules.Routing(
                new AgencyProfile(AgencyIds.National, "Nasional", AgencyLevel.National, null, AgencyZone.Wib, new SlaPolicy()), null)));
        Assert.Equal(RejectionKind.InvalidInput, AgencyRules.CheckParent("kota", below)?.Kind);
        Assert.Null(AgencyRules.CheckParent("lain", below));
        Assert.Equal("parentId", AgencyRules.CheckParent("kota", null)?.Field);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("   ", "name")]
    public void A_blank_name_is_refused_naming_the_field(string name, string field) =>
        Assert.Equal(field, AgencyRules.Check("kota", City(name: name))?.Field);

    [Fact]
    public void Only_nasional_is_the_root() =>
        Assert.Equal("parentId", AgencyRules.Check("kota", City(parent: null))?.Field);

    [Fact]
    public void The_routing_path_runs_from_the_agency_to_the_root_with_each_nodes_escalated_limit()
    {
        var national = AgencyRules.Routing(new AgencyProfile(AgencyIds.National, "Nasional", AgencyLevel.National, null, AgencyZone.Wib,
            new SlaPolicy { Escalated = SlaLimit.WorkingDays(2) }), null);
        var city = AgencyRules.Routing(City(parent: AgencyIds.National) with { Zone = AgencyZone.Wita }, national);

        Assert.Equal(["kota", AgencyIds.National], city.Path.Select(n => n.AgencyId));
        Assert.Equal(AgencyZone.Wita, city.Path[0].Zone);
        Assert.Equal(SlaLimit.WorkingDays(2), city.EffectivePolicy.Escalated);
        Assert.Equal(SlaPolicies.Effective([new SlaPolicy { Escalated = SlaLimit.WorkingDays(2) }]), national.EffectivePolicy);
    }
}
