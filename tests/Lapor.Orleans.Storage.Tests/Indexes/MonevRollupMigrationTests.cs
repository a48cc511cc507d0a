using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Lapor.Storage.Tests.Indexes;

/// <summary>
/// Schema version 3's data step on a version-2 database (agency rows, own days, inbox lines): every subtree row is the
/// sum of its members' own days, every backlog counts the active lines below, and a second run changes nothing.
/// </summary>
public sealed class MonevRollupMigrationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 3, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_version_2_database_gets_exact_subtree_rows_backlogs_and_nodes_once()
    {
        var options = _folder.SqliteOptions();
        await SchemaInstaller.ApplyAsync(options);
        var serializer = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(MonevFigures).Assembly).AddAssembly(typeof(AgencyState).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();

        // nasional → prov → {kota → unit, kab}; "orphan" names a parent that does not exist.
        var tree = new (string Id, string? Parent)[] { ("nasional", null), ("prov", "nasional"), ("kota", "prov"), ("unit", "kota"), ("kab", "prov"), ("orphan", "gone") };
        var random = new Random(5);
        var own = new Dictionary<string, List<(int Day, MonevFigures Figures)>>();
        await using (var connection = new SqliteConnection(options.ResolveConnectionString()))
        {
            await connection.OpenAsync();
            var n = 0;
            foreach (var (id, parent) in tree)
            {
                var state = new AgencyState { Profile = new AgencyProfile(id, "Instansi " + id, AgencyLevel.Unit, parent, AgencyZone.Wib, new SlaPolicy()) };
                await Execute(connection, """
                    INSERT INTO lapor_grain_state (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_utc)
                    VALUES ($h, 1, 'lapor', 'agency', 0, 0, $x, $p, 1, '2026-06-01')
                    """, ("$h", n++), ("$x", id), ("$p", serializer.SerializeToArray(state)));
                own[id] = [];
                foreach (var day in Enumerable.Range(0, 60).Where(_ => random.Next(3) == 0).Select(d => new DateOnly(2026, 4, 20).AddDays(d).DayNumber))
                {
                    var figures = new MonevFigures();
                    for (var k = random.Next(1, 4); k > 0; k--)
                    {
                        figures.Apply(new MonevFact(MonevFactKind.Resolved, Now, AgencyZone.Wib) { ElapsedMinutes = random.Next(9_000), WorkingMinutes = random.Next(3_000) });
                        figures.Apply(new MonevFact(MonevFactKind.Received, Now, AgencyZone.Wib) { Category = "c" + random.Next(3) });
                    }

                    own[id].Add((day, figures));
                    await Execute(connection, "INSERT INTO lapor_monev_day (agency_id, day, revision, figures) VALUES ($a, $d, 1, $f)",
                        ("$a", id), ("$d", day), ("$f", serializer.SerializeToArray(figures)));
                }

                for (var c = 0; c < 3; c++)
                {
                    await Execute(connection, "INSERT INTO lapor_inbox (agency_id, complaint_id, version, active, submitted_ms) VALUES ($a, $c, 1, $active, $s)",
                        ("$a", id), ("$c", $"{id}-{c}"), ("$active", c < 2 ? 1 : 0), ("$s", Now.AddDays(-4 * c).ToUnixTimeMilliseconds()));
                }
            }
        }

        Assert.Equal(6, await MonevRollupMigration.RunAsync(options, serializer));
        Assert.Equal(0, await MonevRollupMigration.RunAsync(options, serializer));

        await using var database = new IndexDatabase(options);
        var ledger = new AdoNetAgencyLedger(database, serializer);
        string[] Members(string id) => [.. tree.Select(t => t.Id).Where(a => Chain(a).Contains(id))];
        IEnumerable<string> Chain(string id)
        {
            for (string? at = id; at is not null && tree.Any(t => t.Id == at); at = tree.First(t => t.Id == at).Parent)
            {
                yield return at;
            }
        }

        var query = new MonevQuery(MonevPeriod.Month, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30));
        foreach (var (id, _) in tree)
        {
            foreach (var (scope, members) in new[] { (MonevRollup.Own, new[] { id }), (MonevRollup.Subtree, Members(id)) })
            {
                var (months, days) = await ledger.ReadFiguresAsync(id, scope, MonevRollup.Plan(query));
                Assert.Empty(days);
                var expected = new MonevFigures();
                foreach (var member in members)
                {
                    own[member].ForEach(d => expected.Merge(d.Figures));
                }

                var actual = new MonevFigures();
                foreach (var month in months.Values)
                {
                    actual.Merge(month);
                }

                Assert.Equal((expected.Received, expected.Resolved, string.Join(",", expected.ResolutionMinutes.Values()), string.Join(",", expected.Categories.OrderBy(c => c.Key))),
                    (actual.Received, actual.Resolved, string.Join(",", actual.ResolutionMinutes.Values()), string.Join(",", actual.Categories.OrderBy(c => c.Key))));
                // Two active lines per member: submitted now (0 days) and 4 days ago.
                Assert.Equal(new MonevBacklog(members.Length, members.Length, 0, 0, 0),
                    await ledger.ReadBacklogAsync(id, scope, MonevRollup.BacklogBounds(Now, AgencyZone.Wib)));
            }

            var node = await ledger.ReadNodeAsync(id);
            Assert.Equal(new MonevNode(id == "orphan" ? null : tree.First(t => t.Id == id).Parent, 1, Members(id).Length), node);
        }

        await using var check = new SqliteConnection(options.ResolveConnectionString());
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM lapor_monev_day";
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    private static async Task Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
