using Lapor.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace Lapor.Storage.Tests;

/// <summary>Every SQLite connection of the process, however it is opened, waits on the write lock and has the synchronous setting.</summary>
public sealed class SqliteTuningTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_plain_connection_gets_the_busy_handler_and_the_synchronous_setting()
    {
        var options = _folder.SqliteOptions();
        options.ResolveConnectionString();
        Assert.NotNull(SqliteTuning.Applied);

        // Opened like Orleans' providers open theirs: a bare connection string, no Lapor code on the way.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, "plain.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal((long)SqliteTuning.Applied.Value.Synchronous, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal((long)SqliteTuning.Applied.Value.BusyTimeout.TotalMilliseconds, (long)(await command.ExecuteScalarAsync())!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
