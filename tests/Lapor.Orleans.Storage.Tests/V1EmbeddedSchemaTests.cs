using Lapor.Hosting.Storage;

namespace Lapor.Storage.Tests;

/// <summary>The embedded database written before the restructure (Fixtures/v1-embedded) against this build's schema.</summary>
public sealed class V1EmbeddedSchemaTests
{
    [Fact]
    public async Task The_v1_database_is_refused_until_schema_apply_upgrades_it_and_a_second_apply_changes_nothing()
    {
        using var folder = TempFolder.CopyOf(FixtureData.V1Embedded, "lapor-storage-tests");
        var options = folder.SqliteOptions();
        var cs = options.ResolveConnectionString();

        Assert.Equal($"schema version is 1, this build expects {LaporStorage.SchemaVersion}",
            await SchemaCheck.FindProblemAsync(LaporStorageProvider.Sqlite, cs));
        Assert.Contains("version|1|", await SqliteDump.DumpAsync(cs), StringComparison.Ordinal);

        await SchemaInstaller.ApplyAsync(options);
        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Sqlite, cs));
        var upgraded = await SqliteDump.DumpAsync(cs);
        Assert.Contains($"version|{LaporStorage.SchemaVersion}|", upgraded, StringComparison.Ordinal);

        await SchemaInstaller.ApplyAsync(options);
        Assert.Equal(upgraded, await SqliteDump.DumpAsync(cs));
    }
}
