using Lapor.Hosting.Storage;
using Npgsql;

namespace Lapor.Storage.Tests;

/// <summary>
/// A PostgreSQL test: runs against LAPOR_TEST_POSTGRES and fails when it is unset, unless
/// LAPOR_SKIP_POSTGRES=1, in which case it is reported as skipped.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LAPOR_SKIP_POSTGRES") == "1")
        {
            Skip = "LAPOR_SKIP_POSTGRES=1: PostgreSQL tests skipped on request.";
        }
    }
}

/// <summary>A database of its own for one test, created on a server given by LAPOR_TEST_POSTGRES and dropped after.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server the PostgreSQL tests use, or a clear failure telling how to get one.</summary>
    public static string Server()
    {
        var server = Environment.GetEnvironmentVariable("LAPOR_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "LAPOR_TEST_POSTGRES is not set. Set it to an Npgsql connection string for a PostgreSQL server on which " +
                "the tests may create and drop databases (`.ci/postgres.sh` starts one and prints it), " +
                "or set LAPOR_SKIP_POSTGRES=1 to skip the PostgreSQL tests.");
        }

        return server;
    }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Server();
        var name = "lapor_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(AdminConnectionString(server)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(server, name, builder.ToString());
    }

    public LaporStorageOptions Options(bool? applySchemaOnStart = null) => new()
    {
        Provider = LaporStorageProvider.Postgres,
        ConnectionString = ConnectionString,
        ApplySchemaOnStart = applySchemaOnStart,
    };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString(_serverConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string AdminConnectionString(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
}

/// <summary>A temporary folder for one SQLite database, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lapor-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public LaporStorageOptions SqliteOptions(bool? applySchemaOnStart = null) => new()
    {
        Provider = LaporStorageProvider.Sqlite,
        DataFolder = Path,
        ApplySchemaOnStart = applySchemaOnStart,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

public static class ExceptionSearch
{
    /// <summary>Finds an exception of type T anywhere in the chain (inner and aggregate exceptions).</summary>
    public static T? Find<T>(Exception? e) where T : Exception
    {
        while (e is not null)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    var hit = Find<T>(inner);
                    if (hit is not null)
                    {
                        return hit;
                    }
                }
            }

            e = e.InnerException;
        }

        return null;
    }
}

public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}; last value: {last}");
            }

            await Task.Delay(200);
        }
    }
}
