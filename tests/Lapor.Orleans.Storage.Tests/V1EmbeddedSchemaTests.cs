using Lapor.Hosting.Storage;

namespace Lapor.Storage.Tests;

/// <summary>The embedded database written before the restructure (Fixtures/v1-embedded) against this build's schema.</summary>
public sealed class V1EmbeddedSchemaTests
{
    [Fact]
    public async Task The_v1_database_passes_the_schema_check_and_applying_the_schema_changes_nothing()
    {
        using var folder = TempFolder.CopyOf(FixtureData.V1Embedded, "lapor-storage-tests");
        var options = folder.SqliteOptions();
        var cs = options.ResolveConnectionString();

        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Sqlite, cs));
        var before = await SqliteDump.DumpAsync(cs);
        Assert.Contains("version|1|", before, StringComparison.Ordinal);
        await SchemaInstaller.ApplyAsync(options);
        Assert.Equal(before, await SqliteDump.DumpAsync(cs));
    }
}
