using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Lapor.Storage.Tests.Indexes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Lapor.Storage.Tests.Migrations;

/// <summary>
/// A database written by the build before schema version 2 (Fixtures/v1-embedded: agencies kept their inboxes and
/// monev days in their grain-state rows) is upgraded by `schema apply`: everything moves into the indexes (and, version
/// 3, the monev days on into the roll-up), the rows shrink to profile and children, and a second apply changes nothing.
/// </summary>
public sealed class SchemaV2MigrationTests : IDisposable
{
    private const string MidLife = "LPR-BV1B7MJ5EH";
    private const string Closed = "LPR-18F37MYYB8";
    private const string Waiting = "LPR-HC015NAP09";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly LaporStorageOptions _options;
    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(AgencyState).Assembly).AddAssembly(typeof(ComplaintState).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    public SchemaV2MigrationTests()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1-embedded", "lapor.db");
        File.Copy(fixture, Path.Combine(_folder.Path, LaporStorageOptions.SqliteFileName));
        _options = _folder.SqliteOptions();
    }

    [Fact]
    public async Task Schema_apply_moves_version_1_inboxes_counters_and_monev_days_into_the_indexes()
    {
        var before = await AgencyStatesAsync();
        Assert.True(before["malang-dishub"].HoldsLegacyData);
        Assert.Contains(MidLife, before["malang-dishub"].LegacyInbox.Keys);

        await SchemaInstaller.ApplyAsync(_options);

        Assert.Null(await SchemaCheck.FindProblemAsync(_options.Provider, _options.ResolveConnectionString()));
        var after = await AgencyStatesAsync();
        Assert.All(after.Values, s => Assert.False(s.HoldsLegacyData));
        Assert.Equal(before["kota-malang"].Children, after["kota-malang"].Children);
        Assert.Equal(before["malang-dishub"].Profile, after["malang-dishub"].Profile);

        await using var database = new IndexDatabase(_options);
        var inbox = new AdoNetInboxIndex(database);
        var unit = await inbox.PageAsync("malang-dishub", new InboxQuery(), Now);
        var line = Assert.Single(unit.Items);
        Assert.Equal(1, unit.Total);
        Assert.Equal(MidLife, line.ComplaintId);
        Assert.Equal(ComplaintStatus.InProgress, line.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 0, 0, 0, TimeSpan.FromHours(7)), line.DueAt);
        Assert.Equal(("35.73", ReportKind.Complaint, Channel.Web), (line.RegionCode, line.Kind, line.Channel));
        Assert.Equal([Waiting], (await inbox.PageAsync("nasional", new InboxQuery(), Now)).Items.Select(i => i.ComplaintId));

        var ledger = new AdoNetAgencyLedger(database, _serializer);
        // The fixture was written at 19:05 UTC on 30 November: 1 December in Kota Malang (WIB).
        var first = new DateOnly(2026, 12, 1).DayNumber;
        // Version 3 then moved the days into the roll-up (own figures of the unit; its city's subtree holds them too).
        var (_, days) = await ledger.ReadFiguresAsync("malang-dishub", MonevRollup.Own, new MonevReadPlan([], [(first - 30, first + 30)]));
        Assert.Equal(first, Assert.Single(days).Key);
        var figures = Assert.Single(days).Value;
        var (_, cityDays) = await ledger.ReadFiguresAsync("kota-malang", MonevRollup.Subtree, new MonevReadPlan([], [(first - 30, first + 30)]));
        Assert.True(Assert.Single(cityDays).Value.Received >= figures.Received);
        Assert.Equal(2, figures.Received);
        Assert.Equal(2, figures.FollowedUp);
        Assert.Equal(1, figures.Resolved);
        Assert.Equal(1, figures.Ratings[4]);
        Assert.Equal(before["malang-dishub"].LegacyCounters, (await ledger.ReadTotalsAsync("malang-dishub")).Counters);
        Assert.Equal([Closed, MidLife], (await ledger.MonevComplaintIdsAsync("malang-dishub")).Order(StringComparer.Ordinal));

        // The old public feed (one grain's state) became rows of the public list, and its grain-state row is gone.
        var published = await new AdoNetPublicIndex(database).PageAsync(new PublicQuery());
        Assert.Equal([Closed, MidLife], published.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        await using (var connection = new SqliteConnection(_options.ResolveConnectionString()))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM lapor_grain_state WHERE grain_type = 'publicfeed'";
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }

        // Version bookkeeping moved too: the closed complaint's last notice, delivered again, changes nothing.
        await InboxLines.LedgerOf(database).StoreLinesAsync(Closed, [new InboxLine("malang-dishub", before["malang-dishub"].LegacyDeparted[Closed], line)]);
        Assert.Single((await inbox.PageAsync("malang-dishub", new InboxQuery(), Now)).Items);
    }

    [Fact]
    public async Task Applying_the_schema_again_after_the_migration_changes_nothing()
    {
        await SchemaInstaller.ApplyAsync(_options);
        var once = await DumpAsync();
        await SchemaInstaller.ApplyAsync(_options);
        Assert.Equal(once, await DumpAsync());
    }

    private async Task<Dictionary<string, AgencyState>> AgencyStatesAsync()
    {
        await using var connection = new SqliteConnection(_options.ResolveConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id_ext, payload FROM lapor_grain_state WHERE grain_type = 'agency'";
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, AgencyState>();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = _serializer.Deserialize<AgencyState>((byte[])reader.GetValue(1))!;
        }

        return states;
    }

    private async Task<string> DumpAsync()
    {
        await using var connection = new SqliteConnection(_options.ResolveConnectionString());
        await connection.OpenAsync();
        var dump = new System.Text.StringBuilder();
        foreach (var table in new[] { "lapor_grain_state", "lapor_inbox", "lapor_monev_day", "lapor_monev_sum", "lapor_monev_backlog", "lapor_monev_line", "lapor_monev_node", "lapor_monev_outbox", "lapor_monev_link", "lapor_agency_counters", "lapor_escalation", "lapor_inbox_count", "lapor_public", "lapor_schema_version" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(i)).Append('|');
                }

                dump.Append('\n');
            }
        }

        return dump.ToString();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
