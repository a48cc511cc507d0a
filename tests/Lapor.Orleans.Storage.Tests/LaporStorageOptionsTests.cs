using Lapor.Hosting;
using Lapor.Hosting.Storage;
using Microsoft.Extensions.Configuration;

namespace Lapor.Storage.Tests;

public sealed class LaporStorageOptionsTests
{
    [Fact]
    public void Options_bind_from_configuration_with_provider_defaults()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:Provider"] = "Postgres",
            ["Lapor:Storage:ConnectionString"] = "Host=db;Username=u;Password=p",
        }).Build();
        var pg = LaporStorageOptions.FromConfiguration(config);
        Assert.Equal(LaporStorageProvider.Postgres, pg.Provider);
        Assert.False(DeploymentProfile.ForStorage(pg).AppliesSchemaOnStart);
        Assert.Equal("Npgsql", pg.AdoInvariant);

        var sqlite = LaporStorageOptions.FromConfiguration(new ConfigurationBuilder().Build());
        Assert.Equal(LaporStorageProvider.Sqlite, sqlite.Provider);
        Assert.True(DeploymentProfile.ForStorage(sqlite).AppliesSchemaOnStart);
        Assert.Equal("./data", sqlite.DataFolder);
        Assert.Equal("System.Data.SQLite", sqlite.AdoInvariant);
    }

    [Fact]
    public void The_embedded_default_syncs_every_commit_and_an_operator_may_choose_normal()
    {
        // FULL: nothing acknowledged is lost on a power cut (docs/operations.md, "SQLite durability").
        Assert.Equal(SqliteSynchronous.Full, LaporStorageOptions.FromConfiguration(new ConfigurationBuilder().Build()).SqliteSynchronous);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:SqliteSynchronous"] = "Normal",
        }).Build();
        Assert.Equal(SqliteSynchronous.Normal, LaporStorageOptions.FromConfiguration(config).SqliteSynchronous);
    }

    [Fact]
    public void PostgreSQL_statements_are_auto_prepared_without_a_reset_on_a_bounded_pool_with_an_idle_transaction_timeout_unless_the_operator_says_otherwise()
    {
        var defaults = new Npgsql.NpgsqlConnectionStringBuilder(LaporStorageOptions.WithPostgresDefaults("Host=db;Username=u;Password=p"));
        Assert.Equal((64, 2, true, 20), (defaults.MaxAutoPrepare, defaults.AutoPrepareMinUsages, defaults.NoResetOnClose, defaults.MaxPoolSize));
        Assert.Equal("db", defaults.Host);
        Assert.Equal("-c idle_in_transaction_session_timeout=10000", defaults.Options);

        var chosen = new Npgsql.NpgsqlConnectionStringBuilder(
            LaporStorageOptions.WithPostgresDefaults("Host=db;Username=u;Password=p;Max Auto Prepare=0;noresetonclose=false;AutoPrepareMinUsages=5;Maximum Pool Size=60"));
        Assert.Equal((0, 5, false, 60), (chosen.MaxAutoPrepare, chosen.AutoPrepareMinUsages, chosen.NoResetOnClose, chosen.MaxPoolSize));
        // The operator's own startup options are theirs whole (behind a pooler that refuses them, say).
        Assert.Equal("-c search_path=lapor", new Npgsql.NpgsqlConnectionStringBuilder(
            LaporStorageOptions.WithPostgresDefaults("Host=db;Options=-c search_path=lapor")).Options);
        Assert.Equal(7, new Npgsql.NpgsqlConnectionStringBuilder(LaporStorageOptions.WithPostgresDefaults("Host=db;MaxPoolSize=7")).MaxPoolSize);
        // A minimum above the default raises the maximum with it (Npgsql refuses a minimum above the maximum).
        Assert.Equal(30, new Npgsql.NpgsqlConnectionStringBuilder(LaporStorageOptions.WithPostgresDefaults("Host=db;Minimum Pool Size=30")).MaxPoolSize);
    }
}
