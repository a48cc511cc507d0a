using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    public async Task The_silo_writes_grain_reminders_through_the_grouping_table()
    {
        using var folder = new TempFolder();
        await using var cluster = await LaporTestCluster.StartAsync(folder.SqliteOptions(), "lapor-svc-" + Guid.NewGuid().ToString("N")[..8]);

        await cluster.Client.GetGrain<IProbeGrain>(AgencyKey).StartReminderAsync(TimeSpan.FromMinutes(5));

        var table = Assert.IsType<BatchingReminderTable>(cluster.SiloServices.GetRequiredService<IReminderTable>());
        Assert.Equal(1, table.GroupsWritten);
        // On SQLite a new complaint's reminder follows its insert: two writes at once would only queue for the write lock.
        Assert.False(cluster.SiloServices.GetRequiredService<IOptions<EngineOptions>>().Value.WriteNewComplaintWithReminder);
        await cluster.StopAsync();
    }

    [Fact]
    public async Task Silo_against_an_empty_database_without_apply_fails_with_the_operator_message()
    {
        using var folder = new TempFolder();
        await AssertStartFailsWithSchemaMessage(folder.SqliteOptions(applySchemaOnStart: false));
    }
}
