using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;

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

        // Version 10 lists the agencies the stored states define.
        await using (var database = new IndexDatabase(options))
        {
            var listed = await new AdoNetAgencyIndex(database).SearchAsync(new AgencySearch { PageSize = AgencySearch.MaxPageSize });
            Assert.Contains(listed.Items, a => a is { Id: "kota-malang", ParentId: "prov-jatim" });
            Assert.Contains(listed.Items, a => a is { Id: "nasional", ParentId: null });

            // Version 11 finds each by its own name and its parent's.
            var found = await new AdoNetAgencyIndex(database).SearchAsync(new AgencySearch { Text = "kota jawa timur" });
            Assert.Contains(found.Items, a => a.Id == "kota-malang");
        }

        var upgraded = await SqliteDump.DumpAsync(cs);
        Assert.Contains($"version|{LaporStorage.SchemaVersion}|", upgraded, StringComparison.Ordinal);

        await SchemaInstaller.ApplyAsync(options);
        Assert.Equal(upgraded, await SqliteDump.DumpAsync(cs));
    }
}
