using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;

namespace Lapor.Storage.Tests;

/// <summary>
/// The embedded database's one write connection: the writes that arrive while a transaction is written share the next
/// one, each in a savepoint of its own, so a write that fails is rolled back alone and fails only its caller.
/// </summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string _connectionString = string.Empty;
    private SqliteWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _folder.Combine("writer.db") }.ToString();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await IndexDatabase.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; CREATE TABLE probe (k TEXT PRIMARY KEY)", CancellationToken.None);
        _writer = new SqliteWriter(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private Task<int> InsertAsync(string key) => _writer.WriteAsync((connection, transaction) => Insert(connection, transaction, key));

    private static Task<int> Insert(SqliteConnection connection, SqliteTransaction transaction, string key) =>
        IndexDatabase.ExecuteAsync(connection, transaction, "INSERT INTO probe (k) VALUES (@k)", CancellationToken.None, ("k", key));

    private async Task<string[]> StoredAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = IndexDatabase.Command(connection, null, "SELECT k FROM probe ORDER BY k");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys];
    }

    /// <summary>A write that holds its transaction open until released, so that the writes after it gather for the next one.</summary>
    private async Task<(Task<int> Held, TaskCompletionSource Release)> HoldAsync(string key)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = _writer.WriteAsync(async (connection, transaction) =>
        {
            started.SetResult();
            await release.Task;
            return await Insert(connection, transaction, key);
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (held, release);
    }

    [Fact]
    public async Task The_write_connection_hands_the_same_text_out_again_prepared_with_only_the_new_parameters()
    {
        await InsertAsync("a");
        var reused = _writer.CommandsReused;
        await InsertAsync("b");
        await InsertAsync("c");

        Assert.Equal(reused + 2, _writer.CommandsReused);
        Assert.Equal(["a", "b", "c"], await StoredAsync());
    }

    [Fact]
    public async Task A_text_whose_command_is_still_reading_gets_a_command_of_its_own()
    {
        await InsertAsync("a");
        await InsertAsync("b");
        var keys = await _writer.WriteAsync(async (connection, transaction) =>
        {
            const string sql = "SELECT k FROM probe WHERE k >= @from ORDER BY k";
            var seen = new List<string>();
            await using var outer = IndexDatabase.Command(connection, transaction, sql, ("from", "a"));
            await using var reader = await outer.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // The same text again while the outer reader is open: a second command, not the cached one rebound.
                await using var inner = IndexDatabase.Command(connection, transaction, sql, ("from", reader.GetString(0)));
                seen.Add($"{reader.GetString(0)}:{await inner.ExecuteScalarAsync()}");
            }

            return seen;
        });

        Assert.Equal(["a:a", "b:b"], keys);
    }

    [Fact]
    public async Task A_failed_statement_leaves_its_prepared_command_usable_for_the_next_write()
    {
        await InsertAsync("a");
        await Assert.ThrowsAsync<SqliteException>(() => InsertAsync("a")); // the key is taken
        await InsertAsync("b");

        Assert.Equal(["a", "b"], await StoredAsync());
    }

    [Fact]
    public async Task More_distinct_texts_than_the_cache_holds_start_it_over_and_every_write_still_runs()
    {
        var written = await _writer.WriteAsync(async (connection, transaction) =>
        {
            var total = 0;
            for (var i = 0; i < PreparedCommands.Capacity + 10; i++)
            {
                total += await IndexDatabase.ExecuteAsync(connection, transaction, $"INSERT INTO probe (k) VALUES (@k) -- {i}", CancellationToken.None,
                    ("k", $"k{i:D3}"));
            }

            return total;
        });

        Assert.Equal(PreparedCommands.Capacity + 10, written);
        Assert.Equal(PreparedCommands.Capacity + 10, (await StoredAsync()).Length);
    }

    [Fact]
    public async Task Writes_arriving_while_a_transaction_is_written_share_the_next_one()
    {
        var before = _writer.GroupsRun;
        var (held, release) = await HoldAsync("a-first");

        var writes = Enumerable.Range(0, 40).Select(i => InsertAsync($"b-{i:D2}")).ToArray();
        release.SetResult();
        await Task.WhenAll([held, .. writes]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(before + 2, _writer.GroupsRun);
        Assert.Equal(41, (await StoredAsync()).Length);
    }

    [Fact]
    public async Task A_failing_write_is_rolled_back_alone_and_the_others_of_its_transaction_commit()
    {
        var (held, release) = await HoldAsync("first");

        var before = InsertAsync("before");
        var failing = _writer.WriteAsync<int>(async (connection, transaction) =>
        {
            await Insert(connection, transaction, "failing");
            throw new InvalidOperationException("ditolak");
        });
        var duplicate = InsertAsync("first"); // the primary key refuses it inside SQLite
        var after = InsertAsync("after");
        release.SetResult();

        await Task.WhenAll(held, before, after).WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal(["after", "before", "first"], await StoredAsync());
    }

    [Fact]
    public async Task A_lone_failing_write_is_rolled_back_and_the_next_write_is_stored()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.WriteAsync<int>(async (connection, transaction) =>
        {
            await Insert(connection, transaction, "failing");
            throw new InvalidOperationException("ditolak");
        }));

        await InsertAsync("next");

        Assert.Equal(["next"], await StoredAsync());
    }

    [Fact]
    public async Task A_write_that_ends_the_transaction_fails_its_whole_group_and_the_next_group_is_written()
    {
        var (held, release) = await HoldAsync("first");

        var before = InsertAsync("before");
        var ending = _writer.WriteAsync((connection, transaction) =>
            IndexDatabase.ExecuteAsync(connection, transaction, "ROLLBACK", CancellationToken.None));
        var after = InsertAsync("after");
        release.SetResult();

        await held.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<Exception>(() => before);
        await Assert.ThrowsAnyAsync<Exception>(() => ending);
        await Assert.ThrowsAnyAsync<Exception>(() => after);
        await InsertAsync("next");
        Assert.Equal(["first", "next"], await StoredAsync());
    }
}
