using System.Data;
using System.Data.Common;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Orleans' ADO.NET reminder table, whose row upserts from concurrent callers reach the database together: while one
/// group is being written the next gathers, and each group is one round trip and one commit (PostgreSQL: one batch in
/// one implicit transaction, shared with grain state writes, <see cref="PostgresStatementGroups"/>; SQLite: one write
/// transaction). Measured: a new complaint's reminder in its own transaction
/// was a third of the CPU of a submission, the database's and the silo's together. Each row is written by the
/// provider's own upsert (<c>UpsertReminderRowKey</c>, read from the schema at start) with the provider's parameter
/// types, so every answer is the version the provider would have returned and its reads, removals and the reminder
/// service see the same rows. A failed group fails every upsert in it, and each complaint handles that as any failed
/// reminder write (ComplaintGrain.PersistAsync): nothing is answered from a write that was not stored.
/// Reads, removals and the rest go straight to the provider.
/// </summary>
internal sealed class BatchingReminderTable(IReminderTable inner, IndexDatabase database, IOptions<ClusterOptions> cluster,
    PostgresStatementGroups? shared = null) : IReminderTable
{
    /// <summary>PostgreSQL: the groups shared with the grain state writes (a table of its own when none is given).</summary>
    private readonly PostgresStatementGroups? _shared = database.Provider == LaporStorageProvider.Postgres ? shared ?? new(database) : null;

    private readonly string _serviceId = cluster.Value.ServiceId;
    private string? _upsert;
    private CallGroups<ReminderEntry, string?>? _groups;

    private CallGroups<ReminderEntry, string?> Groups => _groups ??= new(WriteAsync);

    /// <summary>How many groups were written (each one commit; on PostgreSQL, grain state writes' groups included).</summary>
    internal long GroupsWritten => _shared?.GroupsWritten ?? Groups.GroupsRun;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await inner.StartAsync(cancellationToken);
        _upsert = await database.OrleansQueryAsync("UpsertReminderRowKey", cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _shared is null
            ? Groups.CallAsync(entry)
            : _shared.WriteAsync(new GroupedStatement(_upsert!, (parameters, create) => Bind(parameters, create, entry), "reminder|" + entry.GrainId));
    }

    /// <summary>SQLite: one write transaction per group.</summary>
    private Task<string?[]> WriteAsync(IReadOnlyList<ReminderEntry> group) =>
        database.ReadAsync(async (connection, ct) =>
        {
            // Its commit reaches the disk with the next log sync, which every complaint awaits before answering (as with
            // the provider's own writes, see DurableGrainStorage).
            var sqlite = (SqliteConnection)connection;
            await using var transaction = sqlite.BeginTransaction(deferred: false);
            var versions = new string?[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                await using var command = sqlite.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = _upsert;
                Bind(command.Parameters, command.CreateParameter, group[i]);
                versions[i] = ProviderRows.Version(await command.ExecuteScalarAsync(ct));
            }

            await transaction.CommitAsync(ct);
            return versions;
        }, CancellationToken.None);

    /// <summary>The provider's parameters with the provider's types (its DateTime and period widths included).</summary>
    private void Bind(DbParameterCollection parameters, Func<DbParameter> create, ReminderEntry entry)
    {
        var startAt = entry.StartAt.Kind is DateTimeKind.Unspecified ? new DateTime(entry.StartAt.Ticks, DateTimeKind.Utc) : entry.StartAt;
        var periodMs = entry.Period.TotalMilliseconds;
        Add("ServiceId", _serviceId, DbType.String);
        Add("GrainHash", (int)entry.GrainId.GetUniformHashCode(), DbType.Int32);
        Add("GrainId", entry.GrainId.ToString(), DbType.String);
        Add("ReminderName", entry.ReminderName, DbType.String);
        Add("StartTime", startAt, DbType.DateTime);
        if (periodMs <= int.MaxValue)
        {
            Add("Period", (int)periodMs, DbType.Int32);
        }
        else
        {
            Add("Period", (long)periodMs, DbType.Int64);
        }

        void Add(string name, object value, DbType type) => ProviderRows.Add(parameters, create, name, value, type);
    }
}
