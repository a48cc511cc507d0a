using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Lapor.Hosting.Storage;

/// <summary>
/// The commands of the embedded database's write connection (<see cref="SqliteWriter"/>), kept prepared from one write
/// to the next. Microsoft.Data.Sqlite keeps a compiled statement only as long as its command object, and the engine's
/// writes are a few dozen texts run for every submission (measured: compiling them again each time was most of SQLite's
/// share of a submission's CPU). A command handed out is the cached one with its parameters cleared; disposing it hands it
/// back. A text whose command is still in use (a reader still open) gets a command of its own, and past
/// <see cref="Capacity"/> texts the cache starts over, so a text built with a varying number of values cannot fill it.
/// </summary>
internal sealed class PreparedCommands : IDisposable
{
    /// <summary>Distinct texts kept at most (the engine's writes use far fewer).</summary>
    internal const int Capacity = 256;

    private static readonly ConditionalWeakTable<SqliteConnection, PreparedCommands> Attached = new();

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, ReusedCommand> _commands = new(StringComparer.Ordinal);

    private PreparedCommands(SqliteConnection connection) => _connection = connection;

    /// <summary>Commands prepared before and handed out again (for tests and diagnostics).</summary>
    internal long Reused { get; private set; }

    /// <summary>Keeps the commands of <paramref name="connection"/> prepared from now on.</summary>
    public static PreparedCommands Attach(SqliteConnection connection)
    {
        var commands = new PreparedCommands(connection);
        Attached.AddOrUpdate(connection, commands);
        return commands;
    }

    /// <summary>The cached command for <paramref name="sql"/> when <paramref name="connection"/> keeps its commands prepared.</summary>
    public static bool TryGet(DbConnection connection, DbTransaction? transaction, string sql, [NotNullWhen(true)] out DbCommand? command)
    {
        command = connection is SqliteConnection sqlite && Attached.TryGetValue(sqlite, out var commands)
            ? commands.Get(transaction, sql)
            : null;
        return command is not null;
    }

    private ReusedCommand? Get(DbTransaction? transaction, string sql)
    {
        if (_commands.TryGetValue(sql, out var cached))
        {
            if (cached.InUse)
            {
                return null;
            }

            Reused++;
        }
        else
        {
            if (_commands.Count >= Capacity)
            {
                Clear();
            }

            var command = _connection.CreateCommand();
            command.CommandText = sql;
            cached = new ReusedCommand(command);
            _commands[sql] = cached;
        }

        cached.Lend((SqliteTransaction?)transaction);
        return cached;
    }

    /// <summary>Finalizes every kept statement (before the connection closes).</summary>
    public void Dispose()
    {
        Attached.Remove(_connection);
        Clear();
    }

    private void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Release();
        }

        _commands.Clear();
    }

    /// <summary>A cached command: disposing it only hands it back; its compiled statements live on with the cache.</summary>
    private sealed class ReusedCommand(SqliteCommand inner) : DbCommand
    {
        private bool _released;

        public bool InUse { get; private set; }

        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set
            {
                if (!string.Equals(value, inner.CommandText, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("A prepared command keeps its text.");
                }
            }
        }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        protected override DbConnection? DbConnection
        {
            get => inner.Connection;
            set => throw new InvalidOperationException("A prepared command keeps its connection.");
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => inner.Transaction;
            set => inner.Transaction = (SqliteTransaction?)value;
        }

        public void Lend(SqliteTransaction? transaction)
        {
            inner.Parameters.Clear();
            inner.Transaction = transaction;
            InUse = true;
        }

        /// <summary>Called by the cache when it lets the command go: its statements are finalized now or when handed back.</summary>
        public void Release()
        {
            _released = true;
            if (!InUse)
            {
                inner.Dispose();
            }
        }

        public override void Cancel() => inner.Cancel();

        public override void Prepare() => inner.Prepare();

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override void Dispose(bool disposing)
        {
            // Handed back, not finalized: the cache keeps the compiled statements for the next write of this text.
            if (disposing)
            {
                InUse = false;
                if (_released)
                {
                    inner.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }
}
