using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Lapor.Storage.Tests;

/// <summary>
/// A new grain's insert that carries its first reminder (a new complaint's): Lapor's storage stores the row and the
/// reminder in one commit, both or neither, with the reminder provider's own row, which Orleans' reminder table reads as
/// its own. On SQLite a refused insert (the key is stored already) leaves the stored reminder alone.
/// </summary>
public sealed class FirstReminderWithInsertTests
{
    private const string StateName = "probe";
    private static readonly DateTimeOffset Due = new(2026, 12, 7, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public Task On_sqlite_an_insert_and_its_first_reminder_are_one_commit() => InOneCommitAsync(StartSqliteAsync);

    [PostgresFact]
    public Task On_postgres_an_insert_and_its_first_reminder_are_one_commit() => InOneCommitAsync(StartPostgresAsync);

    [Fact]
    public Task On_sqlite_a_reminder_that_cannot_be_stored_takes_the_insert_with_it() => NeitherAsync(StartSqliteAsync);

    [PostgresFact]
    public Task On_postgres_a_reminder_that_cannot_be_stored_takes_the_insert_with_it() => NeitherAsync(StartPostgresAsync);

    [Fact]
    public async Task On_sqlite_a_refused_insert_leaves_the_stored_reminder_as_it_was()
    {
        await using var silo = await StartSqliteAsync();
        var id = GrainId.Create("probe", "LPR-7000000002");
        await silo.Storage.WriteStateAsync(StateName, id, new Insert("pertama", new FirstReminder("deadline", Due, TimeSpan.FromSeconds(2))));

        var second = new Insert("kedua", new FirstReminder("deadline", Due.AddDays(1), TimeSpan.FromSeconds(2)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync(StateName, id, second));

        Assert.False(second.FirstReminderStored);
        Assert.Equal(Due.UtcDateTime, (await silo.Reminders.ReadRow(id, "deadline"))!.StartAt);
        Assert.Equal("pertama", await silo.ValueAsync(id));
    }

    [PostgresFact]
    public async Task On_postgres_a_refused_insert_fails_and_says_its_reminder_was_not_stored_with_it()
    {
        await using var silo = await StartPostgresAsync();
        var id = GrainId.Create("probe", "LPR-7000000002");
        await silo.Storage.WriteStateAsync(StateName, id, new Insert("pertama", new FirstReminder("deadline", Due, TimeSpan.FromSeconds(2))));

        // The batch also upserted the reminder row; the complaint moves it back from its stored state (ComplaintGrain.ReplayAsync).
        var second = new Insert("kedua", new FirstReminder("deadline", Due.AddDays(1), TimeSpan.FromSeconds(2)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync(StateName, id, second));

        Assert.False(second.FirstReminderStored);
        Assert.Equal("pertama", await silo.ValueAsync(id));
    }

    [Fact]
    public async Task An_update_carrying_a_first_reminder_writes_the_state_alone()
    {
        await using var silo = await StartSqliteAsync();
        var id = GrainId.Create("probe", "LPR-7000000003");
        await silo.Storage.WriteStateAsync(StateName, id, new Insert("pertama", null));

        var update = new Insert("kedua", new FirstReminder("deadline", Due, TimeSpan.FromSeconds(2))) { ETag = "1" };
        await silo.Storage.WriteStateAsync(StateName, id, update);

        Assert.Equal("2", update.ETag);
        Assert.False(update.FirstReminderStored);
        Assert.Null(await silo.Reminders.ReadRow(id, "deadline"));
    }

    private static async Task InOneCommitAsync(Func<Task<Silo>> start)
    {
        await using var silo = await start();
        var id = GrainId.Create("probe", "LPR-7000000000");
        var insert = new Insert("diterima", new FirstReminder("deadline", Due, TimeSpan.FromSeconds(2)));
        var before = silo.GroupsWritten();

        await silo.Storage.WriteStateAsync(StateName, id, insert);

        Assert.Equal(before + 1, silo.GroupsWritten());
        Assert.True(insert.FirstReminderStored);
        Assert.Equal(("1", true), (insert.ETag, insert.RecordExists));
        Assert.Equal("diterima", await silo.ValueAsync(id));
        var row = await silo.Reminders.ReadRow(id, "deadline");
        Assert.NotNull(row);
        Assert.Equal((Due.UtcDateTime, TimeSpan.FromSeconds(2)), (row.StartAt, row.Period));
    }

    private static async Task NeitherAsync(Func<Task<Silo>> start)
    {
        await using var silo = await start();
        var id = GrainId.Create("probe", "LPR-7000000001");
        await silo.ExecuteAsync("ALTER TABLE lapor_reminders RENAME TO lapor_reminders_away");
        var insert = new Insert("hilang", new FirstReminder("deadline", Due, TimeSpan.FromSeconds(2)));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => silo.Storage.WriteStateAsync(StateName, id, insert));
        }
        finally
        {
            await silo.ExecuteAsync("ALTER TABLE lapor_reminders_away RENAME TO lapor_reminders");
        }

        Assert.False(insert.FirstReminderStored);
        Assert.Null(await silo.ValueAsync(id));
        Assert.Null(await silo.Reminders.ReadRow(id, "deadline"));

        // The next insert of the same key is stored with its reminder.
        var again = new Insert("tersimpan", new FirstReminder("deadline", Due, TimeSpan.FromSeconds(2)));
        await silo.Storage.WriteStateAsync(StateName, id, again);
        Assert.True(again.FirstReminderStored);
        Assert.Equal("tersimpan", await silo.ValueAsync(id));
    }

    private static async Task<Silo> StartSqliteAsync()
    {
        var folder = new TempFolder();
        var cluster = await LaporTestCluster.StartAsync(folder.SqliteOptions(), "lapor-svc-" + Guid.NewGuid().ToString("N")[..8]);
        return new Silo(cluster, folder, null);
    }

    private static async Task<Silo> StartPostgresAsync()
    {
        var db = await PostgresTestDatabase.CreateAsync();
        await SchemaInstaller.ApplyAsync(db.Options());
        var cluster = await LaporTestCluster.StartAsync(db.Options(), "lapor-svc-" + Guid.NewGuid().ToString("N")[..8]);
        return new Silo(cluster, null, db);
    }

    /// <summary>A grain state's first write, carrying its reminder as a complaint's does.</summary>
    private sealed class Insert(string value, FirstReminder? reminder) : IGrainState<ProbeState>, IInsertsWithFirstReminder
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public ProbeState State { get; set; } = new() { Value = value };

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }

        public FirstReminder? FirstReminder => reminder;

        public bool FirstReminderStored { get; set; }
    }

    /// <summary>One silo of a real cluster on Lapor's storage, with what the tests read from it.</summary>
    private sealed class Silo(LaporTestCluster cluster, TempFolder? folder, PostgresTestDatabase? db) : IAsyncDisposable
    {
        public IGrainStorage Storage => cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(LaporStorage.Name);

        public IReminderTable Reminders => cluster.SiloServices.GetRequiredService<IReminderTable>();

        private IndexDatabase Database => cluster.SiloServices.GetRequiredService<IndexDatabase>();

        /// <summary>Commits of the engine's writes: on SQLite the write connection's, on PostgreSQL the grouped batches.</summary>
        public long GroupsWritten() => Database.Writer?.GroupsRun ?? cluster.SiloServices.GetRequiredService<ProviderStatementGroups>().GroupsWritten;

        public Task<int> ExecuteAsync(string sql) =>
            Database.WriteAsync((connection, transaction, ct) => IndexDatabase.ExecuteAsync(connection, transaction, sql, ct), CancellationToken.None);

        public async Task<string?> ValueAsync(GrainId id)
        {
            var read = new GrainState<ProbeState>();
            await Storage.ReadStateAsync(StateName, id, read);
            return read.RecordExists ? read.State!.Value : null;
        }

        public async ValueTask DisposeAsync()
        {
            await cluster.DisposeAsync();
            folder?.Dispose();
            if (db is not null)
            {
                await db.DisposeAsync();
            }
        }
    }
}
