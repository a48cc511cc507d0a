using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lapor.Storage.Tests;

/// <summary>
/// The reminder table the silo uses: upserts of concurrent callers share a commit, and what they store is exactly what
/// Orleans' ADO.NET provider stores and reads (versions, start times, periods, removal by the returned ETag). Run
/// against SQLite and PostgreSQL by the two classes below.
/// </summary>
public abstract class BatchingReminderTableContract : IAsyncLifetime
{
    private static readonly DateTime At = new(2026, 12, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    private ServiceProvider? _services;
    private IndexDatabase? _database;

    private IReminderTable Provider { get; set; } = null!;

    private BatchingReminderTable Table { get; set; } = null!;

    protected abstract Task<LaporStorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        var storage = await CreateStorageAsync();
        await SchemaInstaller.ApplyAsync(storage);
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => o.ServiceId = serviceId);
        services.UseAdoNetReminderService(o => o.Configure(r =>
        {
            r.Invariant = storage.AdoInvariant;
            r.ConnectionString = storage.ResolveConnectionString();
        }));
        _services = services.BuildServiceProvider();
        Provider = _services.GetRequiredService<IReminderTable>();
        _database = new IndexDatabase(storage);
        Table = new BatchingReminderTable(Provider, _database, _services.GetRequiredService<IOptions<ClusterOptions>>());
        await Table.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private Task<int> ExecuteAsync(string sql) =>
        _database!.WriteAsync((connection, transaction, ct) => IndexDatabase.ExecuteAsync(connection, transaction, sql, ct), CancellationToken.None);

    private static ReminderEntry Entry(string complaint, DateTime? startAt = null, TimeSpan? period = null) => new()
    {
        GrainId = GrainId.Create("lapor-complaint", complaint),
        ReminderName = "deadline",
        StartAt = startAt ?? At,
        Period = period ?? TimeSpan.FromMinutes(2),
    };

    protected async Task Concurrent_upserts_share_commits_and_read_back_as_the_providers_own_rows()
    {
        var entries = Enumerable.Range(0, 40).Select(i => Entry($"LPR-{i:D10}", At.AddMinutes(i))).ToArray();

        var etags = await Task.WhenAll(entries.Select(Table.UpsertRow));

        Assert.All(etags, e => Assert.Equal("0", e));
        Assert.InRange(Table.GroupsWritten, 1, 10);
        // The provider's own row for the same values reads back identically (time precision, period width, version).
        var control = Entry("LPR-9999999999", At.AddMinutes(7));
        Assert.Equal("0", await Provider.UpsertRow(control));
        var controlRow = await Provider.ReadRow(control.GrainId, "deadline");
        var sameRow = await Provider.ReadRow(entries[7].GrainId, "deadline");
        Assert.NotNull(controlRow);
        Assert.NotNull(sameRow);
        Assert.Equal(controlRow.StartAt, sameRow.StartAt);
        Assert.Equal(controlRow.Period, sameRow.Period);
        Assert.Equal(controlRow.ETag, sameRow.ETag);
        foreach (var entry in entries)
        {
            var row = await Provider.ReadRow(entry.GrainId, "deadline");
            Assert.NotNull(row);
            Assert.Equal(entry.StartAt, row.StartAt.ToUniversalTime());
            Assert.Equal(entry.Period, row.Period);
        }

        // The ring read the reminder service refreshes from sees them all.
        Assert.Equal(41, (await Provider.ReadRows(0, 0)).Reminders.Count);
    }

    protected async Task A_repeated_upsert_moves_the_version_and_only_the_latest_etag_removes_the_row()
    {
        var entry = Entry("LPR-0000000001");
        var first = await Table.UpsertRow(entry);
        var second = await Table.UpsertRow(Entry("LPR-0000000001", At.AddDays(3), TimeSpan.FromDays(30)));

        Assert.Equal("0", first);
        Assert.Equal("1", second);
        var row = await Table.ReadRow(entry.GrainId, "deadline");
        Assert.Equal(At.AddDays(3), row!.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromDays(30), row.Period);
        Assert.False(await Table.RemoveRow(entry.GrainId, "deadline", first!));
        Assert.True(await Table.RemoveRow(entry.GrainId, "deadline", second!));
        Assert.Null(await Table.ReadRow(entry.GrainId, "deadline"));
    }

    protected async Task A_failed_group_fails_each_of_its_callers_and_the_next_group_is_written()
    {
        await ExecuteAsync("ALTER TABLE lapor_reminders RENAME TO lapor_reminders_away");
        var failing = Enumerable.Range(0, 5).Select(i => Table.UpsertRow(Entry($"LPR-100000000{i}"))).ToArray();
        foreach (var upsert in failing)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => upsert);
        }

        await ExecuteAsync("ALTER TABLE lapor_reminders_away RENAME TO lapor_reminders");
        Assert.Empty((await Provider.ReadRows(0, 0)).Reminders);
        Assert.Equal("0", await Table.UpsertRow(Entry("LPR-1000000000")));
        Assert.Single((await Provider.ReadRows(0, 0)).Reminders);
    }
}

public sealed class SqliteBatchingReminderTableTests : BatchingReminderTableContract
{
    private readonly TempFolder _folder = new();

    protected override Task<LaporStorageOptions> CreateStorageAsync() => Task.FromResult(_folder.SqliteOptions());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    [Fact] public Task Concurrent_upserts_share_commits_and_read_back_as_the_providers_own_rows_on_sqlite() => Concurrent_upserts_share_commits_and_read_back_as_the_providers_own_rows();
    [Fact] public Task A_repeated_upsert_moves_the_version_and_only_the_latest_etag_removes_the_row_on_sqlite() => A_repeated_upsert_moves_the_version_and_only_the_latest_etag_removes_the_row();
    [Fact] public Task A_failed_group_fails_each_of_its_callers_and_the_next_group_is_written_on_sqlite() => A_failed_group_fails_each_of_its_callers_and_the_next_group_is_written();
}

public sealed class PostgresBatchingReminderTableTests : BatchingReminderTableContract
{
    private PostgresTestDatabase? _database;

    protected override async Task<LaporStorageOptions> CreateStorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return _database.Options();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact] public Task Concurrent_upserts_share_commits_and_read_back_as_the_providers_own_rows_on_postgres() => Concurrent_upserts_share_commits_and_read_back_as_the_providers_own_rows();
    [PostgresFact] public Task A_repeated_upsert_moves_the_version_and_only_the_latest_etag_removes_the_row_on_postgres() => A_repeated_upsert_moves_the_version_and_only_the_latest_etag_removes_the_row();
    [PostgresFact] public Task A_failed_group_fails_each_of_its_callers_and_the_next_group_is_written_on_postgres() => A_failed_group_fails_each_of_its_callers_and_the_next_group_is_written();
}
