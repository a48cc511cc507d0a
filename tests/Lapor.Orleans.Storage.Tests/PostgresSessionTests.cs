using System.Diagnostics;
using Lapor.Hosting.Storage;
using Npgsql;

namespace Lapor.Storage.Tests;

/// <summary>The engine's PostgreSQL sessions as the server sees them (the connection string's defaults applied).</summary>
public sealed class PostgresSessionTests
{
    [PostgresFact]
    public async Task A_host_stopped_inside_a_transaction_loses_it_and_its_row_locks_after_the_idle_timeout()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var connectionString = db.Options().ResolveConnectionString();
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await Execute(setup, "CREATE TABLE rows_held (id int PRIMARY KEY, n int); INSERT INTO rows_held VALUES (1, 0)");
        }

        // The "hung host": a transaction that updated the row, then never another word.
        await using var hung = new NpgsqlConnection(connectionString);
        await hung.OpenAsync();
        Assert.Equal("10s", await Scalar(hung, "SHOW idle_in_transaction_session_timeout"));
        await using var tx = await hung.BeginTransactionAsync();
        await Execute(hung, "UPDATE rows_held SET n = n + 1 WHERE id = 1");

        // A survivor writing the same row waits on the lock until the server ends the idle session, then goes on.
        await using var survivor = new NpgsqlConnection(connectionString);
        await survivor.OpenAsync();
        var waited = Stopwatch.StartNew();
        await Execute(survivor, "UPDATE rows_held SET n = n + 10 WHERE id = 1");
        waited.Stop();

        Assert.InRange(waited.Elapsed, LaporStorageOptions.IdleInTransactionTimeout - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal("10", await Scalar(survivor, "SELECT n::text FROM rows_held WHERE id = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => Execute(hung, "SELECT 1"));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
