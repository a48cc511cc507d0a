using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;
using Lapor.Grains.Indexes;
using Microsoft.Data.Sqlite;

namespace Lapor.Grains.Tests.Agencies;

/// <summary>
/// Each agency keeps its row in the agency directory: written at every definition (a rename and a move included), and
/// written again by the agency's next activation when a write failed after its state was stored.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AgencyListingTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task A_definition_lists_the_agency_below_its_parent_and_a_rename_or_a_move_updates_its_row()
    {
        var tree = await DefineTreeAsync(SlaPolicies.National);
        var unit = Assert.Single(await ChildrenAsync(tree.City));
        Assert.Equal((tree.Unit, "Dinas " + tree.Unit[5..], tree.City, "Kota " + tree.City[5..]), (unit.Id, unit.Name, unit.ParentId, unit.ParentName));

        Assert.Null(await Agency(tree.Unit).Define(Profile(tree.Unit, "Dinas Baru", tree.Province)));

        Assert.Empty(await ChildrenAsync(tree.City));
        var moved = Assert.Single(await ChildrenAsync(tree.Province), a => a.Id == tree.Unit);
        Assert.Equal(("Dinas Baru", AgencyLevel.Unit, AgencyZone.Wita), (moved.Name, moved.Level, moved.Zone));
    }

    [Fact]
    public async Task A_row_lost_to_a_failed_directory_write_is_written_again_when_the_agency_next_activates()
    {
        var tree = await DefineTreeAsync(SlaPolicies.National);
        await using (var connection = new SqliteConnection(Fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await RunSqlAsync(connection, "ALTER TABLE lapor_agencies RENAME TO lapor_agencies_away");
            try
            {
                // The profile is stored; the directory's write behind it fails and the administrator is told.
                await Assert.ThrowsAnyAsync<Exception>(() => Agency(tree.Unit).Define(Profile(tree.Unit, "Dinas Tertunda", tree.City)));
            }
            finally
            {
                await RunSqlAsync(connection, "ALTER TABLE lapor_agencies_away RENAME TO lapor_agencies");
            }
        }

        Assert.Equal("Dinas Tertunda", (await Agency(tree.Unit).GetPlace())!.Profile.Name);
        Assert.NotEqual("Dinas Tertunda", Assert.Single(await ChildrenAsync(tree.City)).Name);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        _ = await Agency(tree.Unit).GetPlace();

        Assert.Equal("Dinas Tertunda", Assert.Single(await ChildrenAsync(tree.City)).Name);
    }

    private static AgencyProfile Profile(string id, string name, string parent) =>
        new(id, name, AgencyLevel.Unit, parent, AgencyZone.Wita, new SlaPolicy());

    private async Task<IReadOnlyList<AgencyListing>> ChildrenAsync(string parent) =>
        (await Fixture.Directory.SearchAsync(new AgencySearch { ParentId = parent, PageSize = AgencySearch.MaxPageSize })).Items;
}
