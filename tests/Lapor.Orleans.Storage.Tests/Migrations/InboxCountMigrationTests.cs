using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Lapor.Storage.Tests.Indexes;
using Microsoft.Data.Sqlite;

namespace Lapor.Storage.Tests.Migrations;

/// <summary>
/// Schema version 7 keeps each inbox's size instead of counting it on every read. A database from before it (inbox
/// rows, no counts) gets its counts from the rows once; applying the scripts again never counts twice.
/// </summary>
public sealed class InboxCountMigrationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task An_inbox_written_before_the_counts_existed_is_counted_once_on_upgrade()
    {
        var options = _folder.SqliteOptions();
        await SchemaInstaller.ApplyAsync(options);
        await using (var database = new IndexDatabase(options))
        {
            var ledger = InboxLines.LedgerOf(database);
            for (var i = 0; i < 5; i++)
            {
                await ledger.StoreLinesAsync($"c{i}", [new InboxLine("a", 1, Line($"c{i}"))]);
            }

            await ledger.StoreLinesAsync("c0", [new InboxLine("a", 2, null)]);
        }

        // What a version-2 database holds: the rows without their counts.
        await ExecuteAsync(options, "DELETE FROM lapor_inbox_count");

        await SchemaInstaller.ApplyAsync(options);
        await SchemaInstaller.ApplyAsync(options);

        await using (var database = new IndexDatabase(options))
        {
            var inbox = new AdoNetInboxIndex(database);
            Assert.Equal(4, await inbox.CountActiveAsync("a"));
            var ledger = InboxLines.LedgerOf(database);
            await ledger.StoreLinesAsync("c1", [new InboxLine("a", 2, null)]);
            await ledger.StoreLinesAsync("c9", [new InboxLine("a", 1, Line("c9"))]);
            Assert.Equal(4, (await inbox.PageAsync("a", new InboxQuery(), Now)).Total);
        }
    }

    private static InboxItem Line(string id) =>
        new(id, ComplaintStatus.Routed, InboxRole.Primary, "Judul", "Perhubungan", DeadlineStep.Resolution, Now.AddDays(3), false, Now, Now, 0);

    private static async Task ExecuteAsync(LaporStorageOptions options, string sql)
    {
        await using var connection = new SqliteConnection(options.ResolveConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _folder.Dispose();
}
