using Lapor.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace Lapor.Storage.Tests;

/// <summary>
/// Every SQLite connection of the process, however it is opened, waits on the write lock and commits without waiting for
/// the disk (the engine syncs what it must itself: <see cref="SqliteWalSyncTests"/>).
/// </summary>
public sealed class SqliteTuningTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_plain_connection_commits_without_waiting_for_the_disk()
    {
        var options = _folder.SqliteOptions();
        options.ResolveConnectionString();
        Assert.NotNull(SqliteTuning.Applied);

        // Opened like Orleans' providers open theirs: a bare connection string, no Lapor code on the way.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, "plain.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!); // NORMAL
    }

    [Fact]
    public async Task A_writer_finding_the_write_lock_taken_waits_for_it_instead_of_failing()
    {
        _folder.SqliteOptions().ResolveConnectionString();
        var file = Path.Combine(_folder.Path, "busy.db");
        await using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        await holder.OpenAsync();
        await using (var setup = holder.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (n INTEGER)";
            await setup.ExecuteNonQueryAsync();
        }

        await using var held = holder.BeginTransaction(deferred: false);
        var waitsBefore = SqliteTuning.BusyWaits;
        // A plain connection, as Orleans' providers open theirs, writes while the lock is held.
        var writer = Task.Run(() =>
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t VALUES (1)";
            return insert.ExecuteNonQuery();
        });

        // It is waiting in the busy handler (not failed) while the lock is held...
        while (SqliteTuning.BusyWaits == waitsBefore)
        {
            Assert.False(writer.IsCompleted, writer.Exception?.ToString() ?? "the writer finished while the lock was held");
            await Task.Yield();
        }

        Assert.False(writer.IsCompleted);
        // ...and writes as soon as the holder commits.
        await held.CommitAsync();
        Assert.Equal(1, await writer.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
