using System.Security.Cryptography;
using Lapor.Hosting.Storage;

namespace Lapor.Api.Tests;

/// <summary>The same host on PostgreSQL (production mode): a database of its own, schema applied by the installer.</summary>
public sealed class PostgresApiHost : ApiHost
{
    private PostgresTestDatabase? _database;

    protected override async Task<string[]> StorageArgsAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await SchemaInstaller.ApplyAsync(new LaporStorageOptions
        {
            Provider = LaporStorageProvider.Postgres,
            ConnectionString = _database.ConnectionString,
        });
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return
        [
            "--Lapor:Storage:Provider", "Postgres",
            "--Lapor:Storage:ConnectionString", _database.ConnectionString,
            "--Lapor:Security:ServerKey", key,
            "--Lapor:Auth:DevTokens", "true",
            "--Lapor:Cluster:DemoData", "true",
        ];
    }

    protected override async Task CleanUpStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
