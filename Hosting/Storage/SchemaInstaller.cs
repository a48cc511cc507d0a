using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Applies Lapor's embedded schema scripts (<c>db/&lt;provider&gt;/*.sql</c>, embedded as
/// <c>Lapor.Db.&lt;provider&gt;.&lt;file&gt;</c>) in file-name order. Every script is idempotent, so applying
/// the schema again changes nothing.
/// </summary>
public static class SchemaInstaller
{
    /// <summary>Advisory lock key taken by every silo applying the PostgreSQL schema ("LAPORSCH").</summary>
    public const long PostgresAdvisoryLockKey = 0x4C41504F52534348;

    /// <summary>Names of the embedded scripts for a provider, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames(LaporStorageProvider provider)
    {
        var prefix = ResourcePrefix(provider);
        return [.. typeof(SchemaInstaller).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Reads one embedded script.</summary>
    public static string ReadScript(string resourceName)
    {
        using var stream = typeof(SchemaInstaller).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded schema script '{resourceName}' not found.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies the schema for <paramref name="provider"/> over <paramref name="connectionString"/>.</summary>
    public static async Task ApplyAsync(LaporStorageProvider provider, string connectionString, CancellationToken cancellationToken = default) =>
        await ApplyAsync(provider, connectionString, serializer: null, cancellationToken);

    /// <summary>
    /// Applies the schema, then moves data that version 1 kept in agencies' grain state into the version-2 indexes
    /// (<see cref="LegacyAgencyMigration"/>), builds the version-3 monev roll-up (<see cref="MonevRollupMigration"/>) and
    /// moves the old public feed into the public list (<see cref="LegacyPublicFeedMigration"/>), lists the stored agencies
    /// in the version-10 directory (<see cref="AgencyDirectoryMigration"/>),
    /// with <paramref name="serializer"/> (null: one made for the purpose).
    /// </summary>
    public static async Task ApplyAsync(LaporStorageProvider provider, string connectionString, Orleans.Serialization.Serializer? serializer,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = ScriptNames(provider);
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded schema scripts for {provider} (expected resources named {ResourcePrefix(provider)}*.sql).");
        }

        switch (provider)
        {
            case LaporStorageProvider.Sqlite:
                await ApplySqliteAsync(connectionString, scripts, cancellationToken);
                break;
            case LaporStorageProvider.Postgres:
                await ApplyPostgresAsync(connectionString, scripts, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown storage provider '{provider}'.");
        }

        var options = new LaporStorageOptions { Provider = provider, ConnectionString = connectionString };
        serializer ??= LegacyAgencyMigration.CreateSerializer();
        await LegacyAgencyMigration.RunAsync(options, serializer, cancellationToken);
        await MonevRollupMigration.RunAsync(options, serializer, cancellationToken);
        await LegacyPublicFeedMigration.RunAsync(options, serializer, cancellationToken);
        await AgencyDirectoryMigration.RunAsync(options, serializer, cancellationToken);
    }

    /// <summary>Applies the schema for the configured provider and connection.</summary>
    public static Task ApplyAsync(LaporStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ApplyAsync(options.Provider, options.ResolveConnectionString(), cancellationToken);
    }

    private static string ResourcePrefix(LaporStorageProvider provider) =>
        provider == LaporStorageProvider.Postgres ? "Lapor.Db.postgres." : "Lapor.Db.sqlite.";

    private static async Task ApplySqliteAsync(string connectionString, IReadOnlyList<string> scripts, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL is a property of the database file: set once, it stays. Concurrent reminder upserts fail with
        // "database is locked" in the default rollback journal.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode;";
            var mode = (string?)await pragma.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                pragma.CommandText = "PRAGMA journal_mode=WAL;";
                await pragma.ExecuteScalarAsync(cancellationToken);
            }
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var script in scripts)
        {
            await ExecuteAsync(connection, transaction, ReadScript(script), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ApplyPostgresAsync(string connectionString, IReadOnlyList<string> scripts, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Two silos starting together would otherwise race on CREATE TABLE IF NOT EXISTS; the lock is
        // released with the transaction.
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", PostgresAdvisoryLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Silence "already exists, skipping" notices on re-runs.
        await using (var command = new NpgsqlCommand("SET LOCAL client_min_messages = warning", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in scripts)
        {
            await ExecuteAsync(connection, transaction, ReadScript(script), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
