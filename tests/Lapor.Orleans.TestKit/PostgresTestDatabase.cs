using Npgsql;

namespace Lapor.TestKit;

/// <summary>
/// A database of its own for one test, created on the server given by LAPOR_TEST_POSTGRES (or another server) under
/// a unique name and dropped afterwards.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
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

    /// <summary>Creates an empty database on <paramref name="server"/> (default: LAPOR_TEST_POSTGRES).</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string? server = null)
    {
        server ??= Server();
        var name = "lapor_test_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(Admin(server));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(server, name);
    }

    /// <summary>Runs the built silo's <c>schema apply</c> command against this database, as an operator would.</summary>
    public async Task ApplySchemaAsync()
    {
        var (code, output) = await HostProcess.RunToEndAsync(Repo.SiloDll, ["schema", "apply"], HostSettings.Postgres(ConnectionString),
            TimeSpan.FromSeconds(60));
        Assert.True(code == 0, "schema apply failed: " + output);
    }

    /// <summary>One value from a query on a fresh, unpooled connection (3 s connect timeout: usable while the server is down).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3 }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(Admin(_server));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // best effort (the server may be down in an outage test's failure path)
        }
    }

    private static string Admin(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
}
