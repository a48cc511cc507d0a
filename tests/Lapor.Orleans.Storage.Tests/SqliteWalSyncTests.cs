using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

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
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var rounds = 0;
        var sync = new SqliteWalSync(() =>
        {
            if (Interlocked.Increment(ref rounds) == 1)
            {
                firstStarted.Set();
                releaseFirst.Wait(TimeSpan.FromSeconds(30));
            }
        });

        var first = Task.Run(sync.SyncAsync);
        firstStarted.Wait(TimeSpan.FromSeconds(30));
        // Both commit after the first sync began: it may not cover them.
        var second = sync.SyncAsync();
        var third = sync.SyncAsync();
        Assert.False(second.IsCompleted);

        releaseFirst.Set();
        await first;
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(second, third); // one sync for both
        Assert.Equal(2, rounds);
        Assert.Equal(2, sync.Syncs);
    }

    [Fact]
    public async Task A_failed_sync_fails_its_callers_and_the_next_caller_gets_a_sync_of_its_own()
    {
        var fail = true;
        var sync = new SqliteWalSync(() =>
        {
            if (fail)
            {
                throw new IOException("disk gone");
            }
        });

        await Assert.ThrowsAsync<IOException>(sync.SyncAsync);
        fail = false;
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
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var rounds = 0;
        var sync = new SqliteWalSync(() =>
        {
            if (Interlocked.Increment(ref rounds) == 1)
            {
                firstStarted.Set();
                releaseFirst.Wait(TimeSpan.FromSeconds(30));
            }
        });

        var first = Task.Run(sync.SyncAsync);
        firstStarted.Wait(TimeSpan.FromSeconds(30));
        // Commits that returned after the running sync began: that sync may not cover them.
        var mark = sync.Mark();
        var ensured = sync.EnsureAsync(mark).AsTask();
        Assert.False(ensured.IsCompleted);

        releaseFirst.Set();
        await first;
        await ensured.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, rounds);
    }

    [Fact]
    public async Task A_mark_after_a_failed_sync_is_ensured_only_by_a_sync_that_succeeds()
    {
        var fail = true;
        var sync = new SqliteWalSync(() =>
        {
            if (fail)
            {
                throw new IOException("disk gone");
            }
        });

        var mark = sync.Mark();
        await Assert.ThrowsAsync<IOException>(sync.SyncAsync);
        await Assert.ThrowsAsync<IOException>(() => sync.EnsureAsync(mark).AsTask());
        fail = false;
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
    public async Task Without_a_log_file_there_is_nothing_to_sync_and_the_sync_succeeds()
    {
        var path = Path.Combine(_folder.Path, "never-written.db");
        await new SqliteWalSync(path).SyncAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
