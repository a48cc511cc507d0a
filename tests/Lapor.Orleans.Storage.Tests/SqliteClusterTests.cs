using Microsoft.Data.Sqlite;

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
    public async Task Silo_against_an_empty_database_without_apply_fails_with_the_operator_message()
    {
        using var folder = new TempFolder();
        await AssertStartFailsWithSchemaMessage(folder.SqliteOptions(applySchemaOnStart: false));
    }
}
