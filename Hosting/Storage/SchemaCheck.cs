using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lapor.Hosting.Storage;

/// <summary>Thrown when the database lacks Lapor's storage schema or has another version of it.</summary>
public sealed class LaporSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LaporSchemaException() { }

    /// <summary>Creates the exception with an operator-facing message.</summary>
    public LaporSchemaException(string message) : base(message) { }

    /// <summary>Creates the exception with an operator-facing message and its cause.</summary>
    public LaporSchemaException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Verifies at start that the schema the ADO.NET providers need is present and current.</summary>
public static class SchemaCheck
{
    /// <summary>The command an operator runs to install or upgrade the schema.</summary>
    public const string ApplyCommand = "dotnet Lapor.Orleans.Silo.dll schema apply";

    /// <summary>
    /// Returns null when the schema is complete and at <see cref="LaporStorage.SchemaVersion"/>;
    /// otherwise a short description of what is wrong.
    /// </summary>
    public static async Task<string?> FindProblemAsync(LaporStorageProvider provider, string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DbConnection connection;
        if (provider == LaporStorageProvider.Sqlite)
        {
            // Never create the file just to look at it.
            var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite };
            if (!File.Exists(Path.GetFullPath(builder.DataSource)))
            {
                return $"database file {builder.DataSource} does not exist";
            }

            connection = new SqliteConnection(builder.ToString());
        }
        else
        {
            connection = new NpgsqlConnection(connectionString);
        }

        await using (connection)
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                return $"database does not exist ({e.MessageText})";
            }

            var tableQuery = provider == LaporStorageProvider.Sqlite
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('OrleansQuery', 'lapor_schema_version')"
                : "SELECT (to_regclass('orleansquery') IS NOT NULL)::int + (to_regclass('lapor_schema_version') IS NOT NULL)::int";
            if (Convert.ToInt32(await ScalarAsync(connection, tableQuery, cancellationToken)) != 2)
            {
                return "tables OrleansQuery / lapor_schema_version are missing (schema never applied)";
            }

            var version = await ScalarAsync(connection, "SELECT version FROM lapor_schema_version", cancellationToken);
            if (version is null or DBNull)
            {
                return "no schema version recorded (schema incompletely applied)";
            }

            if (Convert.ToInt32(version) != LaporStorage.SchemaVersion)
            {
                return $"schema version is {version}, this build expects {LaporStorage.SchemaVersion}";
            }

            var tables = new HashSet<string>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = provider == LaporStorageProvider.Sqlite
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'lapor%'"
                    : "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'lapor%'";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            if (LaporStorage.RequiredTables.Where(t => !tables.Contains(t)).ToList() is { Count: > 0 } absent)
            {
                return $"tables {string.Join(", ", absent)} are missing (schema incompletely applied)";
            }

            var present = new HashSet<string>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT QueryKey FROM OrleansQuery";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    present.Add(reader.GetString(0));
                }
            }

            var missing = LaporStorage.RequiredQueryKeys(provider).Where(k => !present.Contains(k)).ToList();
            return missing.Count == 0 ? null : $"OrleansQuery lacks {string.Join(", ", missing)}";
        }
    }

    /// <summary>Throws <see cref="LaporSchemaException"/> with an operator message unless the schema is ready.</summary>
    public static async Task EnsureAsync(LaporStorageProvider provider, string connectionString, CancellationToken cancellationToken = default)
    {
        var problem = await FindProblemAsync(provider, connectionString, cancellationToken);
        if (problem is not null)
        {
            throw new LaporSchemaException(OperatorMessage(provider, connectionString, problem));
        }
    }

    /// <summary>Throws <see cref="LaporSchemaException"/> unless the configured database has the schema.</summary>
    public static Task EnsureAsync(LaporStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return EnsureAsync(options.Provider, options.ResolveConnectionString(), cancellationToken);
    }

    internal static string OperatorMessage(LaporStorageProvider provider, string connectionString, string problem) =>
        $"Lapor storage schema (version {LaporStorage.SchemaVersion}) is not ready in the {provider} database " +
        $"{Describe(provider, connectionString)}: {problem}. " +
        $"Apply it with '{ApplyCommand}' (run from the silo's output folder, e.g. Silo/bin/Release/net10.0/; it reads " +
        "Lapor:Storage from appsettings.json and the environment, e.g. Lapor__Storage__Provider and " +
        "Lapor__Storage__ConnectionString), or set Lapor:Storage:ApplySchemaOnStart=true to apply it at start.";

    /// <summary>Where the database is, without credentials.</summary>
    public static string Describe(LaporStorageProvider provider, string connectionString)
    {
        try
        {
            if (provider == LaporStorageProvider.Sqlite)
            {
                return $"'{new SqliteConnectionStringBuilder(connectionString).DataSource}'";
            }

            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"'{b.Database ?? b.Username}' on {b.Host}:{b.Port}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
