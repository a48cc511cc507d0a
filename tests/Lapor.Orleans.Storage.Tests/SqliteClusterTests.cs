using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Lapor.Storage.Tests;

public sealed class SqliteClusterTests : ClusterScenario
{
    [Fact]
    public async Task State_and_reminders_survive_deactivation_and_restart()
    {
        using var folder = new TempFolder();
        var storage = folder.SqliteOptions();
        var cs = storage.ResolveConnectionString();

        await RunAsync(storage, async () =>
        {
            var rows = new List<(string, string)>();
            await using var connection = new SqliteConnection(cs);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT grain_id, reminder_name FROM lapor_reminders";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        });
    }

    [Fact]
    public async Task The_silo_writes_grain_reminders_through_the_one_write_connection()
    {
        using var folder = new TempFolder();
        await using var cluster = await LaporTestCluster.StartAsync(folder.SqliteOptions(), "lapor-svc-" + Guid.NewGuid().ToString("N")[..8]);
        var writer = cluster.SiloServices.GetRequiredService<IndexDatabase>().Writer!;
        var before = writer.GroupsRun;

        await cluster.Client.GetGrain<IProbeGrain>(AgencyKey).StartReminderAsync(TimeSpan.FromMinutes(5));

        Assert.IsType<BatchingReminderTable>(cluster.SiloServices.GetRequiredService<IReminderTable>());
        Assert.Equal(before + 1, writer.GroupsRun);
        // A new complaint's first reminder is stored in its insert's commit (FirstReminderWithInsertTests).
        Assert.True(cluster.SiloServices.GetRequiredService<IOptions<EngineOptions>>().Value.WriteNewComplaintWithReminder);
        await cluster.StopAsync();
    }

    [Fact]
    public async Task Concurrent_state_writes_share_transactions_and_the_provider_reads_them_and_refuses_a_stale_one()
    {
        using var folder = new TempFolder();
        await using var cluster = await LaporTestCluster.StartAsync(folder.SqliteOptions(), "lapor-svc-" + Guid.NewGuid().ToString("N")[..8]);
        var storage = cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(LaporStorage.Name);
        var writer = cluster.SiloServices.GetRequiredService<IndexDatabase>().Writer!;
        var keys = Enumerable.Range(0, 40).Select(i => GrainId.Create("probe", $"LPR-{i:D10}")).ToArray();
        var states = keys.Select(k => new GrainState<ProbeState>(new ProbeState { Value = "diterima " + k })).ToArray();
        var before = writer.GroupsRun;

        await Task.WhenAll(keys.Select((k, i) => storage.WriteStateAsync("probe", k, states[i])));

        Assert.InRange(writer.GroupsRun - before, 1, 30); // one by one would be 40 (a loaded machine lets a few trickle)
        for (var i = 0; i < keys.Length; i++)
        {
            var read = new GrainState<ProbeState>();
            await storage.ReadStateAsync("probe", keys[i], read);
            Assert.Equal(("diterima " + keys[i], "1", true), (read.State!.Value, read.ETag, read.RecordExists));
        }

        states[0].State!.Value = "diverifikasi";
        await storage.WriteStateAsync("probe", keys[0], states[0]);
        var stale = new GrainState<ProbeState>(new ProbeState { Value = "basi" }) { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", keys[0], stale));
        var again = new GrainState<ProbeState>();
        await storage.ReadStateAsync("probe", keys[0], again);
        Assert.Equal(("diverifikasi", "2"), (again.State!.Value, again.ETag));
        await cluster.StopAsync();
    }

    [Fact]
    public async Task Silo_against_an_empty_database_without_apply_fails_with_the_operator_message()
    {
        using var folder = new TempFolder();
        await AssertStartFailsWithSchemaMessage(folder.SqliteOptions(applySchemaOnStart: false));
    }
}
