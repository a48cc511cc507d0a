using Lapor.Hosting.Storage;
using Npgsql;

namespace Lapor.Storage.Tests;

public sealed class PostgresClusterTests : ClusterScenario
{
    [PostgresFact]
    public async Task State_reminders_and_clustering_survive_deactivation_and_restart()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SchemaInstaller.ApplyAsync(db.Options());

        await RunAsync(db.Options(), async () =>
        {
            var rows = new List<(string, string)>();
            await using var connection = new NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT grain_id, reminder_name FROM lapor_reminders", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        });

        // Clustering really went through the database: both clusters' silos registered there.
        await using var check = new NpgsqlConnection(db.ConnectionString);
        await check.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(DISTINCT deployment_id) FROM lapor_membership", check);
        Assert.Equal(2L, (long)(await count.ExecuteScalarAsync())!);
    }

    [PostgresFact]
    public async Task Silo_against_an_empty_database_without_apply_fails_with_the_operator_message()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await AssertStartFailsWithSchemaMessage(db.Options(applySchemaOnStart: false));
    }
}
