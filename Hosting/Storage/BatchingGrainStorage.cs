using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Lapor.Grains.Infrastructure;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage, whose state writes from concurrent grains reach the database together: the provider's
/// own <c>WriteToStorageKey</c> statement, on PostgreSQL one batch and one implicit transaction per group shared with
/// reminder upserts, on SQLite the write connection's transaction of the moment (<see cref="ProviderStatementGroups"/>),
/// instead of a round trip (or a connection) and a commit each. Measured: a new complaint's state write in its own
/// transaction was about two fifths of a submission's CPU. Each row carries what the provider would write: its key columns and
/// hashes (the provider's own hasher), its serializer's payload, and its version rule, so the provider reads, clears and
/// updates these rows as its own; a version conflict is the provider's <see cref="InconsistentStateException"/>. An
/// insert that carries its grain's first reminder (<see cref="IInsertsWithFirstReminder"/>) is written with the reminder
/// provider's own upsert in the same commit (<see cref="ProviderStatementGroups.WriteWithInsertAsync"/>). Reads
/// on PostgreSQL gather the same way (the provider's <c>ReadFromStorageKey</c>, its columns and its rule for a missing or
/// cleared row); clears, and reads on SQLite, go straight to the provider.
/// </summary>
internal sealed class BatchingGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly AdoNetGrainStorage _inner;
    private readonly ProviderStatementGroups _groups;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly string _serviceId;
    private readonly string _name;
    private Task<string>? _write;
    private Task<string>? _read;
    private Task<string>? _upsertReminder;

    public BatchingGrainStorage(AdoNetGrainStorage inner, ProviderStatementGroups groups, IGrainStorageSerializer serializer,
        IActivatorProvider activators, string serviceId, string name) =>
        (_inner, _groups, _serializer, _activators, _serviceId, _name) = (inner, groups, serializer, activators, serviceId, name);

    /// <summary>How many groups were written (each one commit), state writes and reminder upserts together.</summary>
    internal long GroupsWritten => _groups.GroupsWritten;

    /// <summary>How many read groups were run (each one round trip).</summary>
    internal long ReadGroupsRun => _groups.ReadGroupsRun;

    /// <summary>Orleans' provider underneath, which clears (and reads and writes what this class leaves to it).</summary>
    internal IGrainStorage Provider => _inner;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!_groups.GroupsReads || GroupedKey(stateName, grainId, grainState) is not { } key)
        {
            await _inner.ReadStateAsync(stateName, grainId, grainState);
            return;
        }

        var sql = await Statement(ref _read, "ReadFromStorageKey");
        var row = await _groups.ReadAsync(new GroupedStatement(sql, (parameters, create) => BindKey(parameters, create, key), string.Empty));

        // The provider's rule: a missing or cleared row (or a payload that reads as null) is a new instance; the version is
        // the ETag either way, and the record exists when a payload was stored.
        var state = row?.Payload is { } payload ? _serializer.Deserialize<T>(new BinaryData(payload)) : default;
        grainState.State = state ?? _activators.GetActivator<T>().Create();
        grainState.ETag = row?.Version;
        grainState.RecordExists = row?.Payload is not null;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (GroupedKey(stateName, grainId, grainState) is not { } key)
        {
            await _inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        var expected = string.IsNullOrWhiteSpace(grainState.ETag) ? (int?)null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var row = new Row(key, expected, _serializer.Serialize(grainState.State).ToArray());

        var sql = await Statement(ref _write, "WriteToStorageKey");
        var write = new GroupedStatement(sql, (parameters, create) => Bind(parameters, create, row),
            string.Create(CultureInfo.InvariantCulture, $"state|{key.IdHash:D11}|{key.TypeHash:D11}|{key.Type}|{key.Id}"));
        string? stored;
        if (expected is null && grainState is IInsertsWithFirstReminder { FirstReminder: { } first } withReminder)
        {
            var reminder = new ReminderEntry { GrainId = grainId, ReminderName = first.Name, StartAt = first.StartAt.UtcDateTime, Period = first.Period };
            stored = await _groups.WriteWithInsertAsync(write, ProviderRows.ReminderUpsert(await Statement(ref _upsertReminder, "UpsertReminderRowKey"), _serviceId, reminder));
            withReminder.FirstReminderStored = stored is { Length: > 0 };
        }
        else
        {
            stored = await _groups.WriteAsync(write);
        }

        // The provider's rule: no new version (or the caller's own back) means the row was not the one the caller had.
        if (stored == grainState.ETag || stored == string.Empty || (stored is null && grainState.ETag is not null))
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={_serviceId} ProviderName={_name} GrainType={stateName} GrainId={key.Id} ETag={grainState.ETag}.");
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

    /// <summary>
    /// The row's key columns as the provider computes them, with its own hasher; null for a generic type name (the provider
    /// reduces it to its base class) or a Guid or integer key. Lapor's grains have neither, so these stay with the
    /// provider rather than copying its other key forms.
    /// </summary>
    private StateKey? GroupedKey<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (stateName.Contains('`', StringComparison.Ordinal) || grainId.TryGetGuidKey(out _, out _) || grainId.TryGetIntegerKey(out _, out _))
        {
            return null;
        }

        var id = grainId.Key.ToString();
        var hasher = _inner.HashPicker.PickHasher(_serviceId, _name, stateName, grainId, grainState)
            ?? throw new InvalidOperationException("The grain storage has no hasher for " + stateName);
        return new StateKey(hasher.Hash(HashBytes(id)), hasher.Hash(Encoding.UTF8.GetBytes(stateName)), stateName, id);
    }

    /// <summary>A provider statement's text from the schema, read once (again after a failed read).</summary>
    private Task<string> Statement(ref Task<string>? cached, string queryKey) =>
        cached is { IsFaulted: false } known ? known : cached = _groups.QueryAsync(queryKey);

    /// <summary>The provider's key parameters: a string key has zero numeric parts and is its own extension string.</summary>
    private void BindKey(DbParameterCollection parameters, Func<DbParameter> create, StateKey key)
    {
        ProviderRows.Add(parameters, create, "GrainIdHash", key.IdHash, DbType.Int32);
        ProviderRows.Add(parameters, create, "GrainIdN0", 0L, DbType.Int64);
        ProviderRows.Add(parameters, create, "GrainIdN1", 0L, DbType.Int64);
        ProviderRows.Add(parameters, create, "GrainTypeHash", key.TypeHash, DbType.Int32);
        ProviderRows.Add(parameters, create, "GrainTypeString", key.Type, DbType.String);
        ProviderRows.Add(parameters, create, "GrainIdExtensionString", key.Id, DbType.String);
        ProviderRows.Add(parameters, create, "ServiceId", _serviceId, DbType.String);
    }

    /// <summary>The provider's write parameters: the key's, the version the caller read, and the payload.</summary>
    private void Bind(DbParameterCollection parameters, Func<DbParameter> create, Row row)
    {
        BindKey(parameters, create, row.Key);
        ProviderRows.Add(parameters, create, "GrainStateVersion", (object?)row.Expected ?? DBNull.Value, DbType.Int32);
        ProviderRows.Add(parameters, create, "PayloadBinary", row.Payload, DbType.Binary);
    }

    private sealed record StateKey(int IdHash, int TypeHash, string Type, string Id);

    private sealed record Row(StateKey Key, int? Expected, byte[] Payload);
}
