using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Orleans' ADO.NET reminder table, whose row upserts from concurrent callers reach the database together: while one
/// group is being written the next gathers, and each group is one commit shared with grain state writes
/// (<see cref="ProviderStatementGroups"/>: on PostgreSQL one round trip, on SQLite the write connection's transaction of
/// the moment). Measured: a new complaint's reminder in its own transaction was a third of the CPU of a submission, the
/// database's and the silo's together. Each row is written by the
/// provider's own upsert (<c>UpsertReminderRowKey</c>, read from the schema at start) with the provider's parameter
/// types, so every answer is the version the provider would have returned and its reads, removals and the reminder
/// service see the same rows. A failed group fails every upsert in it, and each complaint handles that as any failed
/// reminder write (ComplaintGrain.PersistAsync): nothing is answered from a write that was not stored.
/// Reads, removals and the rest go straight to the provider.
/// </summary>
internal sealed class BatchingReminderTable(IReminderTable inner, IndexDatabase database, IOptions<ClusterOptions> cluster,
    ProviderStatementGroups? shared = null) : IReminderTable
{
    /// <summary>The groups shared with the grain state writes (groups of its own when none are given).</summary>
    private readonly ProviderStatementGroups _shared = shared ?? new(database);

    private readonly string _serviceId = cluster.Value.ServiceId;
    private string? _upsert;

    /// <summary>How many groups were written (each one commit), grain state writes' included (on SQLite, every write's).</summary>
    internal long GroupsWritten => _shared.GroupsWritten;

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
        return _shared.WriteAsync(ProviderRows.ReminderUpsert(_upsert!, _serviceId, entry));
    }
}
