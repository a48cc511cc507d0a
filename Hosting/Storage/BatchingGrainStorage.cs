using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage on PostgreSQL, whose state writes from concurrent grains reach the database together:
/// the provider's own <c>WriteToStorageKey</c> statement, one batch and one implicit transaction per group, shared with
/// reminder upserts (<see cref="PostgresStatementGroups"/>), instead of a round trip and a commit each. Measured: a new
/// complaint's state write in its own transaction was about two fifths of a submission's CPU. Each row carries what the provider would write: its key columns and
/// hashes (the provider's own hasher), its serializer's payload, and its version rule, so the provider reads, clears and
/// updates these rows as its own; a version conflict is the provider's <see cref="InconsistentStateException"/>. Reads and
/// clears go straight to the provider.
/// </summary>
internal sealed class BatchingGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly AdoNetGrainStorage _inner;
    private readonly PostgresStatementGroups _groups;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly string _name;
    private Task<string>? _write;

    public BatchingGrainStorage(AdoNetGrainStorage inner, PostgresStatementGroups groups, IGrainStorageSerializer serializer, string serviceId, string name) =>
        (_inner, _groups, _serializer, _serviceId, _name) = (inner, groups, serializer, serviceId, name);

    /// <summary>How many groups were written (each one commit), state writes and reminder upserts together.</summary>
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

        var sql = await (_write is { IsFaulted: false } known ? known : _write = _groups.QueryAsync("WriteToStorageKey"));
        var stored = await _groups.WriteAsync(new GroupedStatement(sql, (parameters, create) => Bind(parameters, create, row),
            string.Create(CultureInfo.InvariantCulture, $"state|{row.IdHash:D11}|{row.TypeHash:D11}|{row.Type}|{row.Key}")));

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

        void Add(string name, object value, DbType type) => ProviderRows.Add(parameters, create, name, value, type);
    }

    private sealed record Row(int IdHash, int TypeHash, string Type, string Key, int? Expected, byte[] Payload);
}
