using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Sla;
using Microsoft.Data.Sqlite;

namespace Lapor.Grains.Tests.Agencies;

/// <summary>National scale: no agency's stored state grows with the complaints it handles, and its inbox is an index.</summary>
[Collection(EngineCollection.Name)]
public sealed class BoundedAgencyStateTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private const int Complaints = 2_000;
    private const int RowBound = 1_024;

    [Fact]
    public async Task An_agencys_place_is_its_profile_and_children_and_an_unknown_agency_has_none()
    {
        var tree = await DefineTreeAsync(SlaPolicies.National);

        var city = await Agency(tree.City).GetPlace();
        var summary = await Agency(tree.City).GetSummary();

        Assert.NotNull(city);
        Assert.Equal(summary!.Profile, city.Profile);
        Assert.Equal(tree.Unit, Assert.Single(city.Children));
        Assert.Equal(tree.Province, city.Profile.ParentId);
        Assert.Empty((await Agency(tree.Unit).GetPlace())!.Children);
        Assert.Null(await Agency("tidak-ada-" + NewSuffix()).GetPlace());
    }

    [Fact]
    public async Task Two_thousand_complaints_leave_every_agency_row_under_a_fixed_bound_and_all_in_the_index()
    {
        var tree = await DefineTreeAsync(SlaPolicies.National);
        var first = await SubmitAsync(tree.City);
        await ExecuteAsync(first, new RouteAction(tree.Unit, ResolutionClass.Normative, null, null, null), AdminOf(tree.City));
        var rowsAfterOne = await AgencyRowsAsync(tree);

        var ids = new List<string> { first };
        foreach (var batch in Enumerable.Range(1, Complaints - 1).Chunk(50))
        {
            ids.AddRange(await Task.WhenAll(batch.Select(_ => SubmitAsync(tree.City))));
        }

        // A tenth routed on to the unit, so both agencies count and hold complaints.
        await Task.WhenAll(ids.Skip(1).Take(Complaints / 10 - 1).Select(id =>
            ExecuteAsync(id, new RouteAction(tree.Unit, ResolutionClass.Normative, null, null, null), AdminOf(tree.City))));

        var rowsAfterAll = await AgencyRowsAsync(tree);
        foreach (var (agency, bytes) in rowsAfterAll)
        {
            Assert.True(bytes <= RowBound, $"{agency}: {bytes} bytes after {Complaints} complaints");
            Assert.Equal(rowsAfterOne[agency], bytes);
        }

        Assert.Equal(Complaints - Complaints / 10, (await InboxOf(tree.City)).Total);
        Assert.Equal(Complaints / 10, (await InboxOf(tree.Unit)).Total);
        var summary = (await Agency(tree.City).GetSummary())!;
        Assert.Equal(Complaints, summary.Counters.Received);
        Assert.Equal(Complaints - Complaints / 10, summary.ActiveComplaints);
    }

    [Fact]
    public async Task An_inbox_line_lost_to_a_failed_index_write_is_delivered_again_from_the_outbox()
    {
        var tree = await DefineTreeAsync(SlaPolicies.National);
        await using (var connection = new SqliteConnection(Fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await RunSqlAsync(connection, "ALTER TABLE lapor_inbox RENAME TO lapor_inbox_away");
            string id;
            try
            {
                // The complaint is stored with its outbox; the inbox write fails behind it and is retried later.
                id = await SubmitAsync(tree.City);
                Assert.Equal(ComplaintStatus.Submitted, (await StaffView(id)).Status);
            }
            finally
            {
                await RunSqlAsync(connection, "ALTER TABLE lapor_inbox_away RENAME TO lapor_inbox");
            }

            // The retry is a grain timer on the complaint's clock (2 s, jittered): move the clock past it.
            await AdvanceAsync(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1));
            var page = await WaitUntilAsync(() => InboxOf(tree.City), p => p.Total == 1, "the redelivered inbox line", TimeSpan.FromSeconds(30));
            Assert.Equal(id, Assert.Single(page.Items).ComplaintId);
        }
    }

    private async Task<Dictionary<string, long>> AgencyRowsAsync(TestTree tree)
    {
        await using var connection = new SqliteConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        var rows = new Dictionary<string, long>();
        foreach (var agency in new[] { tree.Province, tree.City, tree.Unit })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT length(payload) FROM lapor_grain_state WHERE grain_type = 'agency' AND grain_id_ext = $id";
            command.Parameters.AddWithValue("$id", agency);
            rows[agency] = (long)(await command.ExecuteScalarAsync())!;
        }

        return rows;
    }
}
