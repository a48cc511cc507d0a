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

namespace Lapor.Storage.Tests.Migrations;

/// <summary>
/// Schema version 3's data step on a version-2 database (agency rows, own days, inbox lines): every subtree row is the
/// sum of its members' own days, every backlog counts the active lines below, and a second run changes nothing.
/// </summary>
public sealed class MonevRollupMigrationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 3, 0, 0, TimeSpan.Zero);

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(MonevFigures).Assembly).AddAssembly(typeof(AgencyState).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    // nasional → prov → {kota → unit, kab}; "orphan" names a parent that does not exist.
    private static readonly (string Id, string? Parent)[] Tree =
        [("nasional", null), ("prov", "nasional"), ("kota", "prov"), ("unit", "kota"), ("kab", "prov"), ("orphan", "gone")];

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_version_2_database_gets_exact_subtree_rows_backlogs_and_nodes_once()
    {
        var options = _folder.SqliteOptions();
        await SchemaInstaller.ApplyAsync(options);
        var own = await WriteVersion2RowsAsync(options);

        Assert.Equal(6, await MonevRollupMigration.RunAsync(options, Serializer));
        Assert.Equal(0, await MonevRollupMigration.RunAsync(options, Serializer));

        await AssertRolledUpAsync(options, own);
    }

    [Fact]
    public async Task A_database_at_version_7_without_the_roll_up_fails_the_check_and_schema_apply_builds_it()
    {
        // What the build before the roll-up leaves: versions 2 and 7 applied (version 7 recorded), no roll-up tables.
        var options = _folder.SqliteOptions();
        await SchemaInstaller.ApplyAsync(options);
        await ExecuteAsync(options, """
            DROP TABLE lapor_monev_sum; DROP TABLE lapor_monev_backlog; DROP TABLE lapor_monev_line;
            DROP TABLE lapor_monev_node; DROP TABLE lapor_monev_outbox; DROP TABLE lapor_monev_link;
            """);
        var own = await WriteVersion2RowsAsync(options);
        var connectionString = options.ResolveConnectionString();
        Assert.StartsWith("tables lapor_monev_sum, lapor_monev_backlog, lapor_monev_line, lapor_monev_node, lapor_monev_outbox, lapor_monev_link are missing",
            await SchemaCheck.FindProblemAsync(LaporStorageProvider.Sqlite, connectionString), StringComparison.Ordinal);

        await SchemaInstaller.ApplyAsync(options);

        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Sqlite, connectionString));
        Assert.Equal(0, await MonevRollupMigration.RunAsync(options, Serializer));
        await AssertRolledUpAsync(options, own);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT version FROM lapor_schema_version";
        Assert.Equal((long)LaporStorage.SchemaVersion, await version.ExecuteScalarAsync());
    }

    /// <summary>Agency rows, own days and inbox lines as version 2 stores them; returns each agency's own days.</summary>
    private static async Task<Dictionary<string, List<(int Day, MonevFigures Figures)>>> WriteVersion2RowsAsync(LaporStorageOptions options)
    {
        var serializer = Serializer;
        var tree = Tree;
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

        return own;
    }

    /// <summary>Every own and subtree row, backlog and node equals the sum over the members' version-2 rows; no day row is left.</summary>
    private static async Task AssertRolledUpAsync(LaporStorageOptions options, Dictionary<string, List<(int Day, MonevFigures Figures)>> own)
    {
        var tree = Tree;
        await using var database = new IndexDatabase(options);
        var ledger = new AdoNetAgencyLedger(database, Serializer);
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

    private static async Task ExecuteAsync(LaporStorageOptions options, string sql)
    {
        await using var connection = new SqliteConnection(options.ResolveConnectionString());
        await connection.OpenAsync();
        await Execute(connection, sql);
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
