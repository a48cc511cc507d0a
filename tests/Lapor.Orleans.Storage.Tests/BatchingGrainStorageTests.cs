using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Lapor.Storage.Tests;

/// <summary>
/// The grain storage a PostgreSQL silo uses: state writes of concurrent grains share a commit and their reads a round
/// trip, and each row is exactly what Orleans' ADO.NET provider writes, reads and updates (key columns, hashes, payload,
/// versions), with the provider's version conflicts and its reading of missing and cleared rows. Runs on one silo of a real cluster over a real PostgreSQL database.
/// </summary>
public sealed class BatchingGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "probe";

    private PostgresTestDatabase? _db;
    private LaporTestCluster? _cluster;

    private BatchingGrainStorage Storage { get; set; } = null!;

    private IndexDatabase Database { get; set; } = null!;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("LAPOR_SKIP_POSTGRES") == "1")
        {
            return;
        }

        _db = await PostgresTestDatabase.CreateAsync();
        await SchemaInstaller.ApplyAsync(_db.Options());
        _cluster = await LaporTestCluster.StartAsync(_db.Options(), "lapor-svc-" + Guid.NewGuid().ToString("N")[..8]);
        Storage = Assert.IsType<BatchingGrainStorage>(_cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(LaporStorage.Name));
        Database = _cluster.SiloServices.GetRequiredService<IndexDatabase>();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private static GrainId Id(string key) => GrainId.Create("probe", key);

    private static GrainState<ProbeState> State(string value, string? etag = null) => new(new ProbeState { Value = value }) { ETag = etag };

    private Task<int> ExecuteAsync(string sql) =>
        Database.WriteAsync((connection, transaction, ct) => IndexDatabase.ExecuteAsync(connection, transaction, sql, ct), CancellationToken.None);

    /// <summary>The stored key columns of one row, as text.</summary>
    private Task<string?> KeyColumnsAsync(string key) => Database.ReadAsync(async (connection, ct) =>
    {
        await using var command = IndexDatabase.Command(connection, null, """
            SELECT concat_ws('|', grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, version)
              FROM lapor_grain_state WHERE grain_id_ext = @key
            """, ("key", key));
        return await command.ExecuteScalarAsync(ct) as string;
    }, CancellationToken.None);

    [PostgresFact]
    public async Task The_silo_writes_state_through_the_grouping_storage()
    {
        var before = Storage.GroupsWritten;

        await _cluster!.Client.GetGrain<IProbeGrain>("LPR-0000000001").SetValueAsync("diterima");

        Assert.Equal(before + 1, Storage.GroupsWritten);
        Assert.Equal("diterima", await _cluster.Client.GetGrain<IProbeGrain>("LPR-0000000001").GetValueAsync());
    }

    [PostgresFact]
    public void On_postgres_the_engine_writes_a_new_complaints_reminder_with_its_insert() =>
        Assert.True(_cluster!.SiloServices.GetRequiredService<IOptions<EngineOptions>>().Value.WriteNewComplaintWithReminder);

    [PostgresFact]
    public async Task Concurrent_writes_share_commits_and_the_provider_reads_and_updates_them_as_its_own()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"LPR-{i:D10}").ToArray();
        var states = keys.Select(k => State("diterima " + k)).ToArray();
        await Storage.WriteStateAsync(StateName, Id("LPR-WARMUP0000"), State("pertama")); // the statement is read once
        var before = Storage.GroupsWritten;

        // The table is locked while the writes arrive, so the first group waits in the database as a slow commit would
        // and every later write gathers behind it, however slowly this machine issues them.
        await using (var locker = new Npgsql.NpgsqlConnection(_db!.ConnectionString))
        {
            await locker.OpenAsync();
            await using var lockTransaction = await locker.BeginTransactionAsync();
            await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE lapor_grain_state IN EXCLUSIVE MODE", locker, lockTransaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var writes = Task.WhenAll(keys.Select((k, i) => Storage.WriteStateAsync(StateName, Id(k), states[i])));
            Assert.False(writes.IsCompleted);
            await lockTransaction.RollbackAsync();
            await writes;
        }

        Assert.All(states, s => Assert.Equal("1", s.ETag));
        Assert.All(states, s => Assert.True(s.RecordExists));
        Assert.InRange(Storage.GroupsWritten - before, 1, 2); // one by one would be 40
        for (var i = 0; i < keys.Length; i++)
        {
            var read = new GrainState<ProbeState>();
            await Storage.Provider.ReadStateAsync(StateName, Id(keys[i]), read);
            Assert.Equal("diterima " + keys[i], read.State!.Value);
            Assert.Equal("1", read.ETag);
        }

        // The provider updates a grouped row from its version, and a grouped write updates a provider's row.
        var updated = State("diproses", "1");
        await Storage.Provider.WriteStateAsync(StateName, Id(keys[0]), updated);
        Assert.Equal("2", updated.ETag);
        await Storage.WriteStateAsync(StateName, Id(keys[0]), updated);
        Assert.Equal("3", updated.ETag);

        // Key columns and hashes are the provider's own: the same key written by the provider stores the same row.
        var grouped = await KeyColumnsAsync(keys[1]);
        await ExecuteAsync($"DELETE FROM lapor_grain_state WHERE grain_id_ext = '{keys[1]}'");
        await Storage.Provider.WriteStateAsync(StateName, Id(keys[1]), State("lagi"));
        Assert.NotNull(grouped);
        Assert.Equal(grouped, await KeyColumnsAsync(keys[1]));
    }

    [PostgresFact]
    public async Task State_writes_and_reminder_upserts_of_the_moment_share_groups()
    {
        var reminders = Assert.IsType<BatchingReminderTable>(_cluster!.SiloServices.GetRequiredService<IReminderTable>());
        var keys = Enumerable.Range(0, 20).Select(i => $"LPR-2{i:D9}").ToArray();
        var before = Storage.GroupsWritten;

        await Task.WhenAll(keys.SelectMany(k => new Task[]
        {
            Storage.WriteStateAsync(StateName, Id(k), State("diterima")),
            reminders.UpsertRow(new ReminderEntry { GrainId = Id(k), ReminderName = "deadline", StartAt = DateTime.UtcNow.AddDays(3), Period = TimeSpan.FromMinutes(2) }),
        }));

        // Forty rows of two providers in a few commits (one by one would be 40), counted once for both.
        Assert.InRange(Storage.GroupsWritten - before, 1, 30); // one by one would be 40 (a loaded machine lets a few trickle)
        Assert.Equal(Storage.GroupsWritten, reminders.GroupsWritten);
        foreach (var key in keys)
        {
            Assert.Equal("diterima", await ValueAsync(key));
            Assert.NotNull(await reminders.ReadRow(Id(key), "deadline"));
        }
    }

    [PostgresFact]
    public async Task A_stale_or_duplicate_write_is_the_providers_version_conflict()
    {
        var first = State("diterima");
        await Storage.WriteStateAsync(StateName, Id("LPR-0000000100"), first);

        // A second insert of a stored key (a new activation's first write) and a write from an older version both fail.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Id("LPR-0000000100"), State("lain")));
        await Storage.WriteStateAsync(StateName, Id("LPR-0000000100"), State("diproses", "1"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Id("LPR-0000000100"), State("basi", "1")));

        // Two inserts of one key in the same group: exactly one is stored, the other is refused.
        var racing = new[] { State("a"), State("b") };
        var outcomes = await Task.WhenAll(racing.Select(async s =>
        {
            try
            {
                await Storage.WriteStateAsync(StateName, Id("LPR-0000000101"), s);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        Assert.Single(outcomes, stored => stored);
        var read = new GrainState<ProbeState>();
        await Storage.ReadStateAsync(StateName, Id("LPR-0000000101"), read);
        Assert.Equal(racing[Array.IndexOf(outcomes, true)].State!.Value, read.State!.Value);
        Assert.Equal("diproses", await ValueAsync("LPR-0000000100"));
    }

    [PostgresFact]
    public async Task A_failed_group_fails_each_of_its_writers_and_the_next_group_is_written()
    {
        await ExecuteAsync("ALTER TABLE lapor_grain_state RENAME TO lapor_grain_state_away");
        var failing = Enumerable.Range(0, 5).Select(i => Storage.WriteStateAsync(StateName, Id($"LPR-100000000{i}"), State("hilang"))).ToArray();
        foreach (var write in failing)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => write);
        }

        await ExecuteAsync("ALTER TABLE lapor_grain_state_away RENAME TO lapor_grain_state");
        Assert.Null(await ValueAsync("LPR-1000000000"));
        var next = State("tersimpan");
        await Storage.WriteStateAsync(StateName, Id("LPR-1000000000"), next);
        Assert.Equal("1", next.ETag);
        Assert.Equal("tersimpan", await ValueAsync("LPR-1000000000"));
    }

    [PostgresFact]
    public async Task Concurrent_reads_share_round_trips_and_read_what_the_provider_reads()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"LPR-3{i:D9}").ToArray();
        await Task.WhenAll(keys.Select(k => Storage.Provider.WriteStateAsync(StateName, Id(k), State("diterima " + k))));
        await Storage.Provider.WriteStateAsync(StateName, Id(keys[0]), State("diproses", "1"));
        var before = Storage.ReadGroupsRun;

        var grouped = keys.Select(_ => new GrainState<ProbeState>()).ToArray();
        await Task.WhenAll(keys.Select((k, i) => Storage.ReadStateAsync(StateName, Id(k), grouped[i])));

        Assert.InRange(Storage.ReadGroupsRun - before, 1, 30); // one by one would be 40 (a loaded machine lets a few trickle)
        for (var i = 0; i < keys.Length; i++)
        {
            var own = new GrainState<ProbeState>();
            await Storage.Provider.ReadStateAsync(StateName, Id(keys[i]), own);
            Assert.Equal(own.State!.Value, grouped[i].State!.Value);
            Assert.Equal(own.ETag, grouped[i].ETag);
            Assert.True(grouped[i].RecordExists);
        }

        Assert.Equal(("diproses", "2"), (grouped[0].State!.Value, grouped[0].ETag));
    }

    [PostgresFact]
    public async Task A_missing_or_cleared_row_reads_as_a_new_state_as_the_provider_reads_it()
    {
        var missing = new GrainState<ProbeState>(new ProbeState { Value = "lama" }) { ETag = "7", RecordExists = true };
        await Storage.ReadStateAsync(StateName, Id("LPR-4000000000"), missing);
        Assert.Equal((null, null, false), (missing.State!.Value, missing.ETag, missing.RecordExists));

        var written = State("dihapus");
        await Storage.WriteStateAsync(StateName, Id("LPR-4000000001"), written);
        await Storage.ClearStateAsync(StateName, Id("LPR-4000000001"), written);
        var cleared = new GrainState<ProbeState>();
        var own = new GrainState<ProbeState>();
        await Storage.ReadStateAsync(StateName, Id("LPR-4000000001"), cleared);
        await Storage.Provider.ReadStateAsync(StateName, Id("LPR-4000000001"), own);
        Assert.Equal((own.State!.Value, own.ETag, own.RecordExists), (cleared.State!.Value, cleared.ETag, cleared.RecordExists));
        Assert.Equal(("2", false), (cleared.ETag, cleared.RecordExists));

        // A cleared row is written again from the version its read returned.
        cleared.State.Value = "kembali";
        await Storage.WriteStateAsync(StateName, Id("LPR-4000000001"), cleared);
        Assert.Equal("kembali", await ValueAsync("LPR-4000000001"));
    }

    [PostgresFact]
    public async Task A_failed_read_group_fails_each_of_its_readers_and_the_next_group_reads()
    {
        await Storage.WriteStateAsync(StateName, Id("LPR-5000000000"), State("ada"));
        await ExecuteAsync("ALTER TABLE lapor_grain_state RENAME TO lapor_grain_state_away");
        var failing = Enumerable.Range(0, 5).Select(i => Storage.ReadStateAsync(StateName, Id($"LPR-500000000{i}"), new GrainState<ProbeState>())).ToArray();
        foreach (var read in failing)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => read);
        }

        await ExecuteAsync("ALTER TABLE lapor_grain_state_away RENAME TO lapor_grain_state");
        Assert.Equal("ada", await ValueAsync("LPR-5000000000"));
    }

    private async Task<string?> ValueAsync(string key)
    {
        var read = new GrainState<ProbeState>();
        await Storage.ReadStateAsync(StateName, Id(key), read);
        return read.RecordExists ? read.State!.Value : null;
    }
}
