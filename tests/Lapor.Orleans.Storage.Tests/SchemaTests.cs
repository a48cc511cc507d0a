using System.Text;
using Lapor.Hosting;
using Lapor.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Lapor.Storage.Tests;

public sealed class SqliteSchemaTests
{
    [Fact]
    public async Task Applying_twice_changes_nothing()
    {
        using var folder = new TempFolder();
        var options = folder.SqliteOptions();
        var cs = options.ResolveConnectionString();

        await SchemaInstaller.ApplyAsync(options);
        var first = await DumpAsync(cs);
        await SchemaInstaller.ApplyAsync(options);
        var second = await DumpAsync(cs);

        Assert.Equal(first, second);
        Assert.Contains("table|lapor_reminders", first, StringComparison.Ordinal);
        Assert.Contains("index|ix_lapor_reminders_ring", first, StringComparison.Ordinal);
        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Sqlite, cs));

        await using var connection = new SqliteConnection(cs);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT count(*) FROM OrleansQuery";
        Assert.Equal(11L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Check_on_an_empty_folder_names_the_command_and_creates_nothing()
    {
        using var folder = new TempFolder();
        var options = folder.SqliteOptions(applySchemaOnStart: false);

        var e = await Assert.ThrowsAsync<LaporSchemaException>(() => SchemaCheck.EnsureAsync(options));

        Assert.Contains("schema apply", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, LaporStorageOptions.SqliteFileName)));
    }

    [Fact]
    public void Schema_command_applies_and_checks_from_configuration()
    {
        using var folder = new TempFolder();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:Provider"] = "Sqlite",
            ["Lapor:Storage:DataFolder"] = folder.Path,
        }).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            Assert.False(SchemaCommand.TryRun(["--urls", "x"], config, output, error));

            Assert.True(SchemaCommand.TryRun(["schema", "check"], config, output, error));
            Assert.Equal(1, Environment.ExitCode);
            Assert.Contains("schema apply", error.ToString(), StringComparison.Ordinal);

            Assert.True(SchemaCommand.TryRun(["schema", "apply"], config, output, error));
            Assert.Equal(0, Environment.ExitCode);

            Assert.True(SchemaCommand.TryRun(["schema", "check"], config, output, error));
            Assert.Equal(0, Environment.ExitCode);
            Assert.Contains("is ready", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public void Options_bind_from_configuration_with_provider_defaults()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:Provider"] = "Postgres",
            ["Lapor:Storage:ConnectionString"] = "Host=db;Username=u;Password=p",
        }).Build();
        var pg = LaporStorageOptions.FromConfiguration(config);
        Assert.Equal(LaporStorageProvider.Postgres, pg.Provider);
        Assert.False(DeploymentProfile.ForStorage(pg).AppliesSchemaOnStart);
        Assert.Equal("Npgsql", pg.AdoInvariant);

        var sqlite = LaporStorageOptions.FromConfiguration(new ConfigurationBuilder().Build());
        Assert.Equal(LaporStorageProvider.Sqlite, sqlite.Provider);
        Assert.True(DeploymentProfile.ForStorage(sqlite).AppliesSchemaOnStart);
        Assert.Equal("./data", sqlite.DataFolder);
        Assert.Equal("System.Data.SQLite", sqlite.AdoInvariant);
    }

    private static async Task<string> DumpAsync(string connectionString)
    {
        var sb = new StringBuilder();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT type || '|' || name || '|' || tbl_name || '|' || ifnull(sql, '') FROM sqlite_master
            UNION ALL SELECT 'query|' || QueryKey || '|' || QueryText FROM OrleansQuery
            UNION ALL SELECT 'version|' || version || '|' || applied_at FROM lapor_schema_version
            ORDER BY 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sb.AppendLine(reader.GetString(0));
        }

        return sb.ToString();
    }
}

public sealed class PostgresSchemaTests
{
    [PostgresFact]
    public async Task Applying_twice_changes_nothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        await SchemaInstaller.ApplyAsync(db.Options());
        var first = await DumpAsync(db.ConnectionString);
        await SchemaInstaller.ApplyAsync(db.Options());
        var second = await DumpAsync(db.ConnectionString);

        Assert.Equal(first, second);
        Assert.Contains("index|lapor_reminders|ix_lapor_reminders_ring", first, StringComparison.Ordinal);
        Assert.Contains("column|lapor_reminders|grain_id|text", first, StringComparison.Ordinal);
        Assert.Contains("function|lapor_membership_insert", first, StringComparison.Ordinal);
        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Postgres, db.ConnectionString));
    }

    [PostgresFact]
    public async Task Concurrent_applies_do_not_race()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SchemaInstaller.ApplyAsync(db.Options()))));

        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Postgres, db.ConnectionString));
    }

    [PostgresFact]
    public async Task Check_on_an_empty_database_names_the_command()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        var e = await Assert.ThrowsAsync<LaporSchemaException>(() => SchemaCheck.EnsureAsync(db.Options()));

        Assert.Contains("schema apply", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> DumpAsync(string connectionString)
    {
        var sb = new StringBuilder();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'column|' || table_name || '|' || column_name || '|' || data_type || '|' || is_nullable || '|' || coalesce(column_default, '')
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'constraint|' || conrelid::regclass::text || '|' || conname || '|' || pg_get_constraintdef(oid)
              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'index|' || tablename || '|' || indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'function|' || p.proname || '|' || pg_get_function_identity_arguments(p.oid) || '|' || md5(p.prosrc)
              FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'relation|' || c.relname || '|' || c.oid::text FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'query|' || querykey || '|' || md5(querytext) FROM orleansquery
            UNION ALL
            SELECT 'version|' || version || '|' || applied_at::text FROM lapor_schema_version
            ORDER BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sb.AppendLine(reader.GetString(0));
        }

        return sb.ToString();
    }
}
