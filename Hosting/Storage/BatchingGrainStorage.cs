using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Lapor.Hosting.Storage.Indexes;
using Orleans.Storage;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage on PostgreSQL, whose state writes from concurrent grains reach the database together:
/// one batch of the provider's own <c>WriteToStorageKey</c> statement per group (<see cref="WriteGroups{TItem, TAnswer}"/>),
/// one implicit transaction, instead of a round trip and a commit each. Measured: a new complaint's state write in its own
/// transaction was a third of a submission's CPU. Each row carries what the provider would write: its key columns and
/// hashes (the provider's own hasher), its serializer's payload, and its version rule, so the provider reads, clears and
/// updates these rows as its own; a version conflict is the provider's <see cref="InconsistentStateException"/>. Rows of a
/// group are written in key order, so two silos' groups never deadlock on each other. Reads and clears go straight to the
/// provider.
/// </summary>
internal sealed class BatchingGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly AdoNetGrainStorage _inner;
    private readonly IndexDatabase _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly string _name;
    private readonly WriteGroups<Row, string?> _groups;
    private string? _write;

    public BatchingGrainStorage(AdoNetGrainStorage inner, IndexDatabase database, IGrainStorageSerializer serializer, string serviceId, string name)
    {
        (_inner, _database, _serializer, _serviceId, _name) = (inner, database, serializer, serviceId, name);
        _groups = new(WriteAsync);
    }

    /// <summary>How many groups were written (each one commit).</summary>
    internal long GroupsWritten => _groups.GroupsWritten;

    /// <summary>Orleans' provider underneath, which reads and clears.</summary>
    internal IGrainStorage Provider => _inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (stateName.Contains('`', StringComparison.Ordinal) || grainId.TryGetGuidKey(out _, out _) || grainId.TryGetIntegerKey(out _, out _))
        {
            // A generic type name (the provider reduces it to its base class) or a Guid or integer key: Lapor's grains have
            // neither, so these stay with the provider rather than copying its other key forms.
            await _inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        var key = grainId.Key.ToString();
        var hasher = _inner.HashPicker.PickHasher(_serviceId, _name, stateName, grainId, grainState)
            ?? throw new InvalidOperationException("The grain storage has no hasher for " + stateName);
        var expected = string.IsNullOrWhiteSpace(grainState.ETag) ? (int?)null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var row = new Row(hasher.Hash(HashBytes(key)), hasher.Hash(Encoding.UTF8.GetBytes(stateName)), stateName, key, expected,
            _serializer.Serialize(grainState.State).ToArray());

        var stored = await _groups.WriteAsync(row);

        // The provider's rule: no new version (or the caller's own back) means the row was not the one the caller had.
        if (stored == grainState.ETag || stored == string.Empty || (stored is null && grainState.ETag is not null))
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={_serviceId} ProviderName={_name} GrainType={stateName} GrainId={key} ETag={grainState.ETag}.");
        }

        grainState.ETag = stored;
        grainState.RecordExists = true;
    }

    /// <summary>The provider initializes itself in the silo's lifecycle (Orleans registers the keyed storage as the participant).</summary>
    public void Participate(ISiloLifecycle observer) => ((ILifecycleParticipant<ISiloLifecycle>)_inner).Participate(observer);

    private async Task<string?[]> WriteAsync(IReadOnlyList<Row> group)
    {
        _write ??= await _database.ReadAsync(async (connection, ct) =>
        {
            await using var command = IndexDatabase.Command(connection, null,
                "SELECT querytext FROM orleansquery WHERE querykey = @key", ("@key", "WriteToStorageKey"));
            return await command.ExecuteScalarAsync(ct) as string;
        }, CancellationToken.None) ?? throw new InvalidOperationException("The schema has no WriteToStorageKey query; run `schema apply`.");

        var order = Enumerable.Range(0, group.Count).OrderBy(i => group[i], RowOrder.Instance).ToArray();
        return await _database.ReadAsync(async (connection, ct) =>
        {
            // No explicit transaction: a batch runs as one implicit transaction, so a failed row rolls the group back.
            await using var batch = connection.CreateBatch();
            foreach (var i in order)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = _write;
                Bind(command.Parameters, command.CreateParameter, group[i]);
                batch.BatchCommands.Add(command);
            }

            var answers = new string?[group.Count];
            await using var reader = await batch.ExecuteReaderAsync(ct);
            foreach (var i in order)
            {
                answers[i] = await reader.ReadAsync(ct) && !reader.IsDBNull(0)
                    ? reader.GetInt32(0).ToString(CultureInfo.InvariantCulture)
                    : null;
                await reader.NextResultAsync(ct);
            }

            return answers;
        }, CancellationToken.None);
    }

    /// <summary>The provider's hash input for a string key: its UTF-8 bytes, reversed on a little-endian machine.</summary>
    private static byte[] HashBytes(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }

    /// <summary>The provider's parameters: a string key has zero numeric parts and is its own extension string.</summary>
    private void Bind(DbParameterCollection parameters, Func<DbParameter> create, Row row)
    {
        Add("GrainIdHash", row.IdHash, DbType.Int32);
        Add("GrainIdN0", 0L, DbType.Int64);
        Add("GrainIdN1", 0L, DbType.Int64);
        Add("GrainTypeHash", row.TypeHash, DbType.Int32);
        Add("GrainTypeString", row.Type, DbType.String);
        Add("GrainIdExtensionString", row.Key, DbType.String);
        Add("ServiceId", _serviceId, DbType.String);
        Add("GrainStateVersion", (object?)row.Expected ?? DBNull.Value, DbType.Int32);
        Add("PayloadBinary", row.Payload, DbType.Binary);

        void Add(string name, object value, DbType type)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value;
            parameters.Add(parameter);
        }
    }

    private sealed record Row(int IdHash, int TypeHash, string Type, string Key, int? Expected, byte[] Payload);

    /// <summary>Key order, so that concurrent groups lock rows in the same order.</summary>
    private sealed class RowOrder : IComparer<Row>
    {
        public static readonly RowOrder Instance = new();

        public int Compare(Row? x, Row? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => x.IdHash != y.IdHash ? x.IdHash.CompareTo(y.IdHash)
                : x.TypeHash != y.TypeHash ? x.TypeHash.CompareTo(y.TypeHash)
                : string.CompareOrdinal(x.Type, y.Type) is var byType and not 0 ? byType
                : string.CompareOrdinal(x.Key, y.Key),
        };
    }
}
