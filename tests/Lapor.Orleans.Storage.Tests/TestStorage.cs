using Lapor.Hosting.Storage;

namespace Lapor.Storage.Tests;

/// <summary>Storage options for the kit's throw-away databases and folders.</summary>
public static class TestStorage
{
    /// <summary>Embedded SQLite in <paramref name="folder"/>.</summary>
    public static LaporStorageOptions SqliteOptions(this TempFolder folder, bool? applySchemaOnStart = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new()
        {
            Provider = LaporStorageProvider.Sqlite,
            DataFolder = folder.Path,
            ApplySchemaOnStart = applySchemaOnStart,
        };
    }

    /// <summary>PostgreSQL in <paramref name="database"/>.</summary>
    public static LaporStorageOptions Options(this PostgresTestDatabase database, bool? applySchemaOnStart = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new()
        {
            Provider = LaporStorageProvider.Postgres,
            ConnectionString = database.ConnectionString,
            ApplySchemaOnStart = applySchemaOnStart,
        };
    }
}
