using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace Lapor.Hosting.Storage;

/// <summary>
/// The embedded database's one write connection. SQLite lets one transaction write at a time whatever the number of
/// connections, so every write of this process (grain state, reminders, indexes, the agencies' ledgers) runs here, and
/// the writes of the moment share one transaction: while one group is being written the next gathers
/// (<see cref="CallGroups{TItem, TAnswer}"/>). What that saves against a connection per write: the wait in SQLite's
/// busy handler for a lock that another connection of the same process holds, a page cache that every other
/// connection's commit empties, and, with concurrent writers, the log pages that each transaction wrote again (the
/// same index leaves, the same figures rows). Each write runs inside a savepoint of its own: one that fails is rolled
/// back alone and fails its own caller; the others commit. Reads stay on pooled connections (WAL lets them run beside
/// the writer).
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const string Savepoint = "lapor_write";

    private readonly string _connectionString;
    private readonly CallGroups<Write, Outcome> _groups;
    private SqliteConnection? _connection;
    private PreparedCommands? _commands;

    public SqliteWriter(string connectionString)
    {
        _connectionString = connectionString;
        _groups = new(RunAsync);
    }

    /// <summary>How many transactions were committed (each one group of writes).</summary>
    internal long GroupsRun => _groups.GroupsRun;

    /// <summary>Commands of the connection open now that were handed out again, already prepared.</summary>
    internal long CommandsReused => _commands?.Reused ?? 0;

    /// <summary>
    /// Runs <paramref name="work"/> in the next write transaction and returns its result once that transaction has
    /// committed. The work gets the writer's connection and transaction; it must not wait for anything but SQLite (the
    /// other writes of its group wait behind it).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work)
    {
        var outcome = await _groups.CallAsync(new Write(async (connection, transaction) => await work(connection, transaction)));
        outcome.Failure?.Throw();
        return (T)outcome.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await CloseAsync(connection);
        }
    }

    private async Task<Outcome[]> RunAsync(IReadOnlyList<Write> group)
    {
        var connection = _connection ??= Open();
        var outcomes = new Outcome[group.Count];
        try
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < group.Count; i++)
            {
                outcomes[i] = await RunOneAsync(connection, transaction, group[i], alone: group.Count == 1);
            }

            transaction.Commit();
        }
        catch
        {
            // The transaction is rolled back by now. A connection left in a transaction or closed (a failed BEGIN or
            // COMMIT) is replaced: the next group opens a new one.
            if (connection.State != System.Data.ConnectionState.Open || !Idle(connection))
            {
                await CloseAsync(connection);
            }

            throw;
        }

        return outcomes;
    }

    /// <summary>One write in its savepoint: rolled back alone when it fails (a lone write fails the transaction instead).</summary>
    private static async Task<Outcome> RunOneAsync(SqliteConnection connection, SqliteTransaction transaction, Write write, bool alone)
    {
        if (alone)
        {
            return new Outcome(StillInTransaction(connection, await write.Work(connection, transaction)), null);
        }

        transaction.Save(Savepoint);
        try
        {
            var value = StillInTransaction(connection, await write.Work(connection, transaction));
            transaction.Release(Savepoint);
            return new Outcome(value, null);
        }
        catch (Exception e) when (!Idle(connection))
        {
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
            return new Outcome(null, ExceptionDispatchInfo.Capture(e));
        }
    }

    /// <summary>
    /// The write's result, unless the transaction is gone (a write that swallowed SQLite's own rollback): the writes after
    /// it would each commit on their own, so the group fails instead.
    /// </summary>
    private static object? StillInTransaction(SqliteConnection connection, object? value) => Idle(connection)
        ? throw new InvalidOperationException("The write transaction ended inside a write; its group is not committed.")
        : value;

    /// <summary>
    /// True when no transaction is open on the connection: after a failed write inside one, SQLite rolled the whole
    /// transaction back itself (an I/O error, a full disk), so the group fails.
    /// </summary>
    private static bool Idle(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        _commands = PreparedCommands.Attach(connection);
        return connection;
    }

    /// <summary>Lets the connection go with its prepared commands (the next group opens a new one).</summary>
    private async ValueTask CloseAsync(SqliteConnection connection)
    {
        _connection = null;
        _commands?.Dispose();
        _commands = null;
        await connection.DisposeAsync();
    }

    private sealed record Write(Func<SqliteConnection, SqliteTransaction, Task<object?>> Work);

    private readonly record struct Outcome(object? Value, ExceptionDispatchInfo? Failure);
}
