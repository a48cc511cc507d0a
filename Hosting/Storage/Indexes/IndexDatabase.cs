using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lapor.Hosting.Storage.Indexes;

/// <summary>
/// The database that holds Lapor's indexes (the same one as grain state): connections, transactions and parameters.
/// The SQL is the same text on both providers; what differs is how a call reaches the database. On SQLite every write
/// goes through the process's one write connection, in the transaction of the moment shared with the other writes
/// (<see cref="Writer"/>); reads run on pooled connections beside it (WAL mode), on the caller's thread, since
/// Microsoft.Data.Sqlite does its I/O synchronously and a read takes tens of microseconds. With
/// <see cref="SqliteSynchronous.Full"/> (the default) a write returns only once the log is synced, one fsync shared with
/// the other writers of the moment (<see cref="Durability"/>), except the writes an outbox repeats until they are done
/// (<see cref="WriteFromOutboxAsync{T}"/>).
/// </summary>
public sealed class IndexDatabase : IAsyncDisposable
{
    private readonly DbDataSource _source;

    public IndexDatabase(LaporStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Provider = options.Provider;
        var connectionString = options.ResolveConnectionString();
        // The provider factories' own pools, keyed by connection string: the indexes share the connections Orleans'
        // providers use instead of opening a second pool of their own (PostgreSQL's max_connections is shared).
        _source = Provider == LaporStorageProvider.Postgres
            ? new SharedPoolDataSource(NpgsqlFactory.Instance, connectionString)
            : SqliteFactory.Instance.CreateDataSource(connectionString);
        if (Provider == LaporStorageProvider.Sqlite)
        {
            Writer = new SqliteWriter(connectionString);
            if (options.SqliteSynchronous == SqliteSynchronous.Full)
            {
                Durability = new SqliteWalSync(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource));
            }
        }
    }

    public LaporStorageProvider Provider { get; }

    /// <summary>
    /// SQLite with <see cref="SqliteSynchronous.Full"/>: the log sync every write here awaits after its commit, also
    /// used for Orleans' grain-state writes (<see cref="DurableGrainStorage"/>). Null otherwise (PostgreSQL commits are
    /// durable on their own).
    /// </summary>
    public SqliteWalSync? Durability { get; }

    /// <summary>SQLite: the process's one write connection, which every write of the engine goes through. Null on PostgreSQL.</summary>
    internal SqliteWriter? Writer { get; }

    /// <summary>Runs <paramref name="work"/> on an open connection.</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        return await work(connection, cancellationToken);
    }

    /// <summary>A statement of Orleans' ADO.NET providers as the schema stores it (its <c>OrleansQuery</c> table).</summary>
    public Task<string> OrleansQueryAsync(string key, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        await using var command = Command(connection, null, "SELECT querytext FROM orleansquery WHERE querykey = @key", ("@key", key));
        return await command.ExecuteScalarAsync(ct) as string
            ?? throw new InvalidOperationException($"The schema has no {key} query; run `schema apply`.");
    }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction, committed and on disk when it returns.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, synced: true, cancellationToken);

    /// <summary>
    /// Runs a write that an outbox stored elsewhere in this database repeats until it is done (an inbox line, an
    /// agency's ledger batch, a public-feed line, a notification row): committed when it returns, without waiting for
    /// the embedded database's log sync. SQLite's log is replayed as a prefix after a power cut, so the first synced
    /// commit after this one (the outbox's clearing, any answer's sync) brings it to disk too; lost before that, it is
    /// written again from the outbox, which is lost with it or still holds it. Nothing may be answered outside the
    /// engine from such a write alone (an answer awaits <see cref="Grains.Infrastructure.ICommitDurability"/>).
    /// On PostgreSQL the same as <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, CancellationToken, Task{T}}, CancellationToken)"/>.
    /// </summary>
    public Task<T> WriteFromOutboxAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, synced: false, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, bool synced, CancellationToken cancellationToken)
    {
        if (Writer is { } writer)
        {
            var written = await writer.WriteAsync((connection, transaction) => work(connection, transaction, cancellationToken));
            if (synced && Durability is { } durability)
            {
                await durability.SyncAsync();
            }

            return written;
        }

        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await work(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A command for <paramref name="sql"/> (on SQLite's write connection, the one kept prepared: <see cref="PreparedCommands"/>).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        if (!PreparedCommands.TryGet(connection, transaction, sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
        }

        AddParameters(command.Parameters, command.CreateParameter, parameters);
        return command;
    }

    /// <summary>Named parameters for a command or a batch command.</summary>
    public static void AddParameters(DbParameterCollection collection, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            // Npgsql needs a type for a null; every nullable column here is a bigint.
            if (value is null)
            {
                parameter.DbType = DbType.Int64;
            }

            collection.Add(parameter);
        }
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A LIKE pattern (with <c>ESCAPE '!'</c>) matching <paramref name="text"/> literally anywhere in the value.</summary>
    public static string Containing(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "%" + text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal)
            .Replace("_", "!_", StringComparison.Ordinal) + "%";
    }

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public async ValueTask DisposeAsync()
    {
        if (Writer is { } writer)
        {
            await writer.DisposeAsync();
        }

        await _source.DisposeAsync();
    }
}

/// <summary>Connections from a provider factory's shared pool (what <c>new NpgsqlConnection(cs)</c> uses).</summary>
internal sealed class SharedPoolDataSource(DbProviderFactory factory, string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection()
    {
        var connection = factory.CreateConnection() ?? throw new InvalidOperationException("The provider made no connection.");
        connection.ConnectionString = connectionString;
        return connection;
    }
}
