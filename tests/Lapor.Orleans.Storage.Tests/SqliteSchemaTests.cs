using Lapor.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

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
        var first = await SqliteDump.DumpAsync(cs);
        await SchemaInstaller.ApplyAsync(options);
        var second = await SqliteDump.DumpAsync(cs);

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
}
