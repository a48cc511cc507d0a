using System.Data.Common;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;

namespace Lapor.Hosting.Storage;

/// <summary>One row write of an Orleans provider's own statement, answered by the first column of its first row.</summary>
/// <param name="Sql">The provider's statement text (read from the schema).</param>
/// <param name="Bind">Adds the provider's parameters.</param>
/// <param name="Order">Rows of a group are written in this order, so two silos' groups lock rows in the same order.</param>
internal sealed record GroupedStatement(string Sql, Action<DbParameterCollection, Func<DbParameter>> Bind, string Order);

/// <summary>A grain-state row as the provider's read statement returns it (payload null: cleared).</summary>
internal sealed record StoredStateRow(byte[]? Payload, string? Version);

/// <summary>
/// The silo's grain state writes and reminder upserts, written together with the providers' own statements. On
/// PostgreSQL, while one group is on its way the next gathers (<see cref="CallGroups{TItem, TAnswer}"/>), and a group is
/// one batch in one implicit transaction: a complaint's state and its first reminder, written at once, usually share one
/// round trip and one commit with those of the other complaints of the moment, and a failed statement rolls back and
/// fails its group. Grain-state reads gather the same way in groups of their own (a read never waits for a commit):
/// activations of the moment (status reads of idle complaints, reminders firing together) share a round trip. On SQLite
/// each write joins the transaction of the moment of the process's one write connection (<see cref="SqliteWriter"/>),
/// with the other writes of the engine, in a savepoint of its own; reads are left to the provider.
/// </summary>
internal sealed class ProviderStatementGroups
{
    private readonly IndexDatabase _database;
    private readonly CallGroups<GroupedStatement, string?> _groups;
    private readonly CallGroups<GroupedStatement, StoredStateRow?> _reads;

    public ProviderStatementGroups(IndexDatabase database)
    {
        _database = database;
        _groups = new(WriteAsync);
        _reads = new(ReadGroupAsync);
    }

    /// <summary>How many groups were written (each one commit; on SQLite the write connection's, every write of the engine).</summary>
    internal long GroupsWritten => _database.Writer?.GroupsRun ?? _groups.GroupsRun;

    /// <summary>How many read groups were run (each one round trip).</summary>
    internal long ReadGroupsRun => _reads.GroupsRun;

    /// <summary>The row the provider's read statement finds (at most one), or null without one.</summary>
    public Task<StoredStateRow?> ReadAsync(GroupedStatement statement) => _reads.CallAsync(statement);

    /// <summary>False on SQLite, where reads are left to the provider (a read there is no round trip to share).</summary>
    public bool GroupsReads => _database.Writer is null;

    /// <summary>The statement's answer: its first row's first column as an integer version, or null without one.</summary>
    public Task<string?> WriteAsync(GroupedStatement statement) => _database.Writer is { } writer
        ? writer.WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction, statement))
        : _groups.CallAsync(statement);

    /// <summary>
    /// A grain's insert and its first reminder in one commit, answered by the insert's version. On SQLite both run in one
    /// savepoint of the write connection's transaction, the reminder only when the insert stored its row (a refused insert
    /// leaves the stored grain's reminder as it was). On PostgreSQL both go in the same group's batch, so they commit or
    /// fail together; there a refused insert still writes its reminder row, which the grain moves back
    /// (ComplaintGrain.ReplayAsync).
    /// </summary>
    public async Task<string?> WriteWithInsertAsync(GroupedStatement insert, GroupedStatement reminder)
    {
        if (_database.Writer is { } writer)
        {
            return await writer.WriteAsync(async (connection, transaction) =>
            {
                if (await ExecuteAsync(connection, transaction, insert) is not { Length: > 0 } version)
                {
                    return null;
                }

                // The provider's upsert answers its row's version; without one the savepoint (the insert too) is undone.
                _ = await ExecuteAsync(connection, transaction, reminder)
                    ?? throw new InvalidOperationException("The reminder upsert returned no version; the insert is not committed.");
                return version;
            });
        }

        return (await _groups.CallTogetherAsync([insert, reminder]))[0];
    }

    /// <summary>
    /// SQLite: one statement in the writer's transaction of the moment; the provider's statement text may hold several
    /// statements, of which at most one returns a row.
    /// </summary>
    private static async Task<string?> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, GroupedStatement statement)
    {
        await using var command = IndexDatabase.Command(connection, transaction, statement.Sql);
        statement.Bind(command.Parameters, command.CreateParameter);
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            if (await reader.ReadAsync())
            {
                return ProviderRows.Version(reader.GetValue(0));
            }
        }
        while (await reader.NextResultAsync());

        return null;
    }

    /// <summary>A statement of Orleans' providers as the schema stores it.</summary>
    public Task<string> QueryAsync(string key) => _database.OrleansQueryAsync(key, CancellationToken.None);

    private Task<string?[]> WriteAsync(IReadOnlyList<GroupedStatement> group)
    {
        var order = Enumerable.Range(0, group.Count).OrderBy(i => group[i].Order, StringComparer.Ordinal).ToArray();
        return _database.ReadAsync(async (connection, ct) =>
        {
            // No explicit transaction: a batch runs as one implicit transaction, so a failed row rolls the group back.
            await using var batch = connection.CreateBatch();
            foreach (var i in order)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = group[i].Sql;
                group[i].Bind(command.Parameters, command.CreateParameter);
                batch.BatchCommands.Add(command);
            }

            var answers = new string?[group.Count];
            await using var reader = await batch.ExecuteReaderAsync(ct);
            foreach (var i in order)
            {
                answers[i] = await reader.ReadAsync(ct) ? ProviderRows.Version(reader.GetValue(0)) : null;
                await reader.NextResultAsync(ct);
            }

            return answers;
        }, CancellationToken.None);
    }

    private Task<StoredStateRow?[]> ReadGroupAsync(IReadOnlyList<GroupedStatement> group) => _database.ReadAsync(async (connection, ct) =>
    {
        await using var batch = connection.CreateBatch();
        foreach (var statement in group)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            statement.Bind(command.Parameters, command.CreateParameter);
            batch.BatchCommands.Add(command);
        }

        var rows = new StoredStateRow?[group.Count];
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < group.Count; i++)
        {
            if (await reader.ReadAsync(ct))
            {
                var payload = reader.GetOrdinal("PayloadBinary");
                rows[i] = new StoredStateRow(reader.IsDBNull(payload) ? null : (byte[])reader.GetValue(payload),
                    ProviderRows.Version(reader.GetValue(reader.GetOrdinal("Version"))));
            }

            await reader.NextResultAsync(ct);
        }

        return rows;
    }, CancellationToken.None);
}
