using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Lapor.Hosting.Storage;

/// <summary>Which database backs Lapor's grain state, reminders and (for PostgreSQL) clustering.</summary>
public enum LaporStorageProvider
{
    /// <summary>Embedded SQLite file: the single-silo default (clustering is left to the caller).</summary>
    Sqlite,

    /// <summary>PostgreSQL: the production path, including ADO.NET clustering.</summary>
    Postgres,
}

/// <summary>Storage settings, bound from the configuration section <c>Lapor:Storage</c>.</summary>
public sealed class LaporStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Lapor:Storage";

    /// <summary>The SQLite database file created inside <see cref="DataFolder"/>.</summary>
    public const string SqliteFileName = "lapor.db";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public LaporStorageProvider Provider { get; set; } = LaporStorageProvider.Sqlite;

    /// <summary>
    /// Npgsql connection string (PostgreSQL). Also settable through the environment as
    /// <c>Lapor__Storage__ConnectionString</c>. For SQLite, when set, it overrides <see cref="DataFolder"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder holding the SQLite database file (<c>lapor.db</c>). Default <c>./data</c>.</summary>
    public string DataFolder { get; set; } = "./data";

    /// <summary>
    /// SQLite only: <c>Full</c> (default: every write is on disk before the engine answers, so nothing acknowledged is
    /// lost on a power cut; concurrent writers share one fsync, <see cref="SqliteWalSync"/>) or <c>Normal</c> (an
    /// operator's choice: no fsync; an application crash loses nothing, a power cut or OS crash can lose the last
    /// acknowledged commits).
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Apply the embedded schema when the silo starts. Unset means the provider's default:
    /// true for SQLite, false for PostgreSQL (where an operator runs <c>schema apply</c>).
    /// </summary>
    public bool? ApplySchemaOnStart { get; set; }

    /// <summary>Binds the options from <c>Lapor:Storage</c> (missing values keep their defaults).</summary>
    public static LaporStorageOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new LaporStorageOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }

    /// <summary>
    /// The connection string the providers use. For SQLite this is built from <see cref="DataFolder"/>
    /// (the folder is created) unless <see cref="ConnectionString"/> is set, and the process-wide SQLite settings are
    /// registered (<see cref="SqliteTuning"/>).
    /// </summary>
    public string ResolveConnectionString()
    {
        switch (Provider)
        {
            case LaporStorageProvider.Postgres:
                if (string.IsNullOrWhiteSpace(ConnectionString))
                {
                    throw new InvalidOperationException(
                        "Lapor:Storage:Provider is Postgres but Lapor:Storage:ConnectionString is empty. " +
                        "Set it in configuration or through the environment variable Lapor__Storage__ConnectionString.");
                }

                return WithPostgresDefaults(ConnectionString);
            case LaporStorageProvider.Sqlite:
                // Before any connection opens: the busy handler and synchronous setting for every SQLite connection.
                SqliteTuning.Apply(TimeSpan.FromSeconds(30));
                if (!string.IsNullOrWhiteSpace(ConnectionString))
                {
                    return ConnectionString;
                }

                var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(DataFolder) ? "./data" : DataFolder);
                Directory.CreateDirectory(folder);
                return new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(folder, SqliteFileName),
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    Pooling = true,
                }.ToString();
            default:
                throw new InvalidOperationException($"Unknown storage provider '{Provider}'.");
        }
    }

    /// <summary>
    /// The operator's PostgreSQL connection string with the engine's defaults for what it leaves unsaid. The engine
    /// runs the same few dozen statements thousands of times a second, so each is prepared once per connection
    /// (auto-prepare: no parse and plan per call, half of PostgreSQL's CPU per submission in bench/); nothing it runs
    /// sets session state, so a connection returned to the pool needs no <c>DISCARD ALL</c>; and a host keeps at most
    /// <see cref="DefaultMaxPoolSize"/> connections (Npgsql's own default is 100). A session left idle inside a
    /// transaction is ended by the server after <see cref="IdleInTransactionTimeout"/> (an <c>Options</c> the operator
    /// gives is theirs whole).
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Said(string keyword) => given.Keys.Cast<string>().Any(k =>
            string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Said("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Said("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Said("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Said("MaxPoolSize") && !Said("MaximumPoolSize"))
        {
            builder.MaxPoolSize = Math.Max(DefaultMaxPoolSize, builder.MinPoolSize);
        }

        if (!Said("Options"))
        {
            builder.Options = $"-c idle_in_transaction_session_timeout={(int)IdleInTransactionTimeout.TotalMilliseconds}";
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// How long PostgreSQL lets a session sit idle inside a transaction before it ends it. The engine's transactions are
    /// a few statements sent back to back, idle only between them; a host that hangs in one (stopped, frozen, starved)
    /// keeps its row locks, and the survivors' new activations of its grains wait on them after Orleans declared it
    /// dead. Below the time the cluster takes to declare a hung silo dead (docs/operations.md, "Failover"), so the
    /// locks are gone by the time its grains move.
    /// </summary>
    public static readonly TimeSpan IdleInTransactionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connections per host unless the connection string says otherwise. Three hosts then stay under PostgreSQL's
    /// default <c>max_connections</c> of 100, where Npgsql's 100 each would not; and an overloaded host queues its work
    /// for a connection instead of running 100 statements at once on the database's few cores. Measured at 64 clients on
    /// two cores: 592–697 submissions/s and p99 229–300 ms, against 450–466/s and p99 673–963 ms with 100
    /// (docs/benchmarks.md).
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>The ADO.NET invariant Orleans expects for <see cref="Provider"/>.</summary>
    public string AdoInvariant => Provider switch
    {
        LaporStorageProvider.Postgres => LaporStorage.PostgresInvariant,
        _ => LaporStorage.SqliteInvariant,
    };
}
