using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Lapor.Storage.Tests;

/// <summary>
/// The embedded database's group commit: a write waits for a log sync that began after its commit, and concurrent
/// writers share one.
/// </summary>
public sealed class SqliteWalSyncTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_caller_arriving_while_a_sync_runs_is_released_only_by_the_next_sync()
    {
        using var disk = new HeldFirstSync();
        var sync = disk.Sync;
        var first = disk.StartFirst();
        // Both commit after the first sync began: it may not cover them.
        var second = sync.SyncAsync();
        var third = sync.SyncAsync();
        Assert.False(second.IsCompleted);

        disk.ReleaseFirst();
        await first;
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(second, third); // one sync for both
        Assert.Equal(2, disk.Rounds);
        Assert.Equal(2, sync.Syncs);
    }

    [Fact]
    public async Task A_failed_sync_fails_its_callers_and_the_next_caller_gets_a_sync_of_its_own()
    {
        var disk = new FailingDisk();
        var sync = disk.Sync;

        await Assert.ThrowsAsync<IOException>(sync.SyncAsync);
        disk.Fails = false;
        await sync.SyncAsync();
        Assert.Equal(1, sync.Syncs);
    }

    [Fact]
    public async Task A_mark_is_ensured_at_once_by_a_sync_that_began_after_it()
    {
        var rounds = 0;
        var sync = new SqliteWalSync(() => rounds++);

        var mark = sync.Mark();
        await sync.SyncAsync(); // another writer's sync, begun after the mark
        var ensured = sync.EnsureAsync(mark);

        Assert.True(ensured.IsCompletedSuccessfully);
        Assert.Equal(1, rounds);
    }

    [Fact]
    public async Task A_mark_taken_while_a_sync_runs_waits_for_the_next_sync()
    {
        using var disk = new HeldFirstSync();
        var sync = disk.Sync;
        var first = disk.StartFirst();
        // Commits that returned after the running sync began: that sync may not cover them.
        var mark = sync.Mark();
        var ensured = sync.EnsureAsync(mark).AsTask();
        Assert.False(ensured.IsCompleted);

        disk.ReleaseFirst();
        await first;
        await ensured.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, disk.Rounds);
    }

    [Fact]
    public async Task A_mark_taken_before_the_running_sync_began_is_ensured_by_that_sync_without_a_round_of_its_own()
    {
        using var disk = new HeldFirstSync();
        var sync = disk.Sync;
        var mark = sync.Mark(); // commits that returned before the first sync began
        var first = disk.StartFirst();
        var ensured = sync.EnsureAsync(mark).AsTask();
        Assert.False(ensured.IsCompleted, "ensured before the running sync finished");

        disk.ReleaseFirst();
        await first;
        await ensured.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, disk.Rounds);
    }

    [Fact]
    public async Task A_mark_after_a_failed_sync_is_ensured_only_by_a_sync_that_succeeds()
    {
        var disk = new FailingDisk();
        var sync = disk.Sync;

        var mark = sync.Mark();
        await Assert.ThrowsAsync<IOException>(sync.SyncAsync);
        await Assert.ThrowsAsync<IOException>(() => sync.EnsureAsync(mark).AsTask());
        disk.Fails = false;
        await sync.EnsureAsync(mark);
        Assert.Equal(1, sync.Syncs);
    }

    [Fact]
    public async Task Every_index_write_on_the_embedded_default_returns_after_a_log_sync_and_Normal_skips_it()
    {
        var full = _folder.SqliteOptions();
        await SchemaInstaller.ApplyAsync(full);
        await using var database = new IndexDatabase(full);
        Assert.NotNull(database.Durability);
        var before = database.Durability.Syncs;
        await database.WriteAsync((connection, transaction, ct) =>
            IndexDatabase.ExecuteAsync(connection, transaction, "INSERT INTO lapor_agency_counters (agency_id) VALUES ('a')", ct), default);
        Assert.Equal(before + 1, database.Durability.Syncs);
        Assert.True(File.Exists(Path.Combine(_folder.Path, LaporStorageOptions.SqliteFileName + "-wal")), "the write went to the log");

        await using var normal = new IndexDatabase(new LaporStorageOptions
        {
            Provider = LaporStorageProvider.Sqlite,
            DataFolder = _folder.Path,
            SqliteSynchronous = SqliteSynchronous.Normal,
        });
        Assert.Null(normal.Durability);
    }

    [Fact]
    public async Task A_write_an_outbox_repeats_returns_without_a_log_sync_and_the_next_synced_write_covers_it()
    {
        var full = _folder.SqliteOptions();
        await SchemaInstaller.ApplyAsync(full);
        await using var database = new IndexDatabase(full);
        var durability = database.Durability!;
        var before = durability.Syncs;
        await database.WriteFromOutboxAsync((connection, transaction, ct) =>
            IndexDatabase.ExecuteAsync(connection, transaction, "INSERT INTO lapor_agency_counters (agency_id) VALUES ('a')", ct), default);
        Assert.Equal(before, durability.Syncs);

        // An answer ensures a sync that began after its mark: it covers the earlier commit too (the log is one sequence).
        var mark = durability.Mark();
        await durability.EnsureAsync(mark);
        Assert.Equal(before + 1, durability.Syncs);
    }

    [Fact]
    public async Task Grain_state_writes_on_the_embedded_default_return_after_a_log_sync()
    {
        var storage = _folder.SqliteOptions();
        await using var cluster = await LaporTestCluster.StartAsync(storage, "wal-sync");
        var database = cluster.SiloServices.GetRequiredService<IndexDatabase>();
        var before = database.Durability!.Syncs;
        await cluster.Client.GetGrain<IProbeGrain>("durable").SetValueAsync("tersimpan");
        Assert.True(database.Durability.Syncs > before, "the grain's write returned without a sync");
    }

    [Fact]
    public async Task A_write_whose_writer_ensures_durability_leaves_the_sync_to_it_when_no_sync_runs()
    {
        using var disk = new HeldFirstSync();
        disk.ReleaseFirst(); // nothing is held here: every sync returns at once
        var storage = new DurableGrainStorage(new AcceptingStorage(), disk.Sync);
        await storage.WriteStateAsync("complaint", GrainId.Create("complaint", "a"), new WriterState { WriterEnsures = true });
        Assert.Equal(0, disk.Rounds);

        // Any other write still returns only after a sync of its own.
        await storage.WriteStateAsync("agency", GrainId.Create("agency", "a"), new WriterState { WriterEnsures = false });
        Assert.Equal(1, disk.Rounds);
    }

    [Fact]
    public async Task A_write_whose_writer_ensures_durability_still_waits_for_the_next_sync_when_one_runs()
    {
        using var disk = new HeldFirstSync();
        var storage = new DurableGrainStorage(new AcceptingStorage(), disk.Sync);
        var first = disk.StartFirst();
        var write = storage.WriteStateAsync("complaint", GrainId.Create("complaint", "b"), new WriterState { WriterEnsures = true });
        Assert.False(write.IsCompleted, "the write did not line up behind the running sync");

        disk.ReleaseFirst();
        await first;
        await write.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, disk.Rounds);
    }

    [Fact]
    public async Task Without_a_log_file_there_is_nothing_to_sync_and_the_sync_succeeds()
    {
        var path = Path.Combine(_folder.Path, "never-written.db");
        await new SqliteWalSync(path).SyncAsync();
    }

    /// <summary>A log whose first sync holds until the test releases it; later syncs return at once.</summary>
    private sealed class HeldFirstSync : IDisposable
    {
        private readonly ManualResetEventSlim _firstStarted = new();
        private readonly ManualResetEventSlim _releaseFirst = new();
        private int _rounds;

        public HeldFirstSync() => Sync = new SqliteWalSync(() =>
        {
            if (Interlocked.Increment(ref _rounds) == 1)
            {
                _firstStarted.Set();
                _releaseFirst.Wait(TimeSpan.FromSeconds(30));
            }
        });

        public SqliteWalSync Sync { get; }

        public int Rounds => Volatile.Read(ref _rounds);

        /// <summary>Starts the first sync and returns once it is running (and held).</summary>
        public Task StartFirst()
        {
            var first = Task.Run(Sync.SyncAsync);
            _firstStarted.Wait(TimeSpan.FromSeconds(30));
            return first;
        }

        public void ReleaseFirst() => _releaseFirst.Set();

        public void Dispose()
        {
            _releaseFirst.Set();
            _firstStarted.Dispose();
            _releaseFirst.Dispose();
        }
    }

    /// <summary>Grain storage that accepts every write at once: what is measured here is the sync around it.</summary>
    private sealed class AcceptingStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }

    private sealed class WriterState : IGrainState<string>, IWriterEnsuresDurability
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public string State { get; set; } = "";

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public bool WriterEnsures { get; init; }
    }

    /// <summary>A log whose sync fails while <see cref="Fails"/> is set.</summary>
    private sealed class FailingDisk
    {
        public FailingDisk() => Sync = new SqliteWalSync(() =>
        {
            if (Fails)
            {
                throw new IOException("disk gone");
            }
        });

        public bool Fails { get; set; } = true;

        public SqliteWalSync Sync { get; }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
