using System.Globalization;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;
using Npgsql;

namespace Lapor.Storage.Tests;

public sealed class PostgresSchemaTests
{
    [PostgresFact]
    public async Task Applying_twice_changes_nothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        await SchemaInstaller.ApplyAsync(db.Options());
        var first = await DumpAsync(db.ConnectionString);
        await SchemaInstaller.ApplyAsync(db.Options());
        var second = await DumpAsync(db.ConnectionString);

        Assert.Equal(first, second);
        Assert.Contains("index|lapor_reminders|ix_lapor_reminders_ring", first, StringComparison.Ordinal);
        Assert.Contains("column|lapor_reminders|grain_id|text", first, StringComparison.Ordinal);
        Assert.Contains("function|lapor_membership_insert", first, StringComparison.Ordinal);
        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Postgres, db.ConnectionString));
    }

    [PostgresFact]
    public async Task An_inbox_line_is_looked_up_by_its_key_even_before_the_table_has_statistics()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SchemaInstaller.ApplyAsync(db.Options());
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();

        // The plan a prepared statement keeps once the server settles on a generic one; no ANALYZE has run yet.
        await using var command = new NpgsqlCommand("""
            SET plan_cache_mode = force_generic_plan;
            PREPARE line(text, text) AS SELECT active FROM lapor_inbox WHERE agency_id = $1 AND complaint_id = $2;
            EXPLAIN EXECUTE line('nasional', 'LPR-X');
            """, connection);
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            do
            {
                while (await reader.ReadAsync())
                {
                    plan.AppendLine(reader.GetString(0));
                }
            }
            while (await reader.NextResultAsync());
        }

        Assert.Contains("lapor_inbox_pkey", plan.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ix_lapor_inbox", plan.ToString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Concurrent_applies_do_not_race()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SchemaInstaller.ApplyAsync(db.Options()))));

        Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Postgres, db.ConnectionString));
    }

    [PostgresFact]
    public async Task Check_on_an_empty_database_names_the_command()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        var e = await Assert.ThrowsAsync<LaporSchemaException>(() => SchemaCheck.EnsureAsync(db.Options()));

        Assert.Contains("schema apply", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresFact]
    public async Task A_role_that_may_not_create_pg_trgm_applies_the_schema_without_the_trigram_index_and_searches_still_find()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var role = "lapor_limited_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(db.ConnectionString, $"CREATE ROLE {role} LOGIN PASSWORD 'limited'; GRANT CREATE, USAGE ON SCHEMA public TO {role}");
        try
        {
            // Not the database's owner and no CREATE on it: CREATE EXTENSION is refused, everything else is allowed.
            var limited = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role, Password = "limited" }.ToString();
            var options = new LaporStorageOptions { Provider = LaporStorageProvider.Postgres, ConnectionString = limited };
            await SchemaInstaller.ApplyAsync(options);
            Assert.Null(await SchemaCheck.FindProblemAsync(LaporStorageProvider.Postgres, limited));
            Assert.Equal(0L, await ScalarAsync(db.ConnectionString, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"));
            Assert.Equal(0L, await ScalarAsync(db.ConnectionString, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_lapor_agency_search_trgm'"));

            await using var database = new IndexDatabase(options);
            var agencies = new AdoNetAgencyIndex(database);
            var policy = new SlaPolicy();
            await agencies.ApplyAsync(new AgencyProfile("kota-malang", "Pemerintah Kota Malang", AgencyLevel.RegencyCity, "nasional",
                AgencyZone.Wib, policy), 1);
            await agencies.ApplyAsync(new AgencyProfile("malang-dishub", "Dinas Perhubungan", AgencyLevel.Unit, "kota-malang",
                AgencyZone.Wib, policy), 1);
            var found = await agencies.SearchAsync(new AgencySearch { Text = "perhubungan malang" });
            Assert.Equal(["malang-dishub"], found.Items.Select(a => a.Id));

            // Once a superuser has created the extension, applying again adds the index.
            await ExecuteAsync(db.ConnectionString, "CREATE EXTENSION pg_trgm");
            await SchemaInstaller.ApplyAsync(options);
            Assert.Equal(1L, await ScalarAsync(db.ConnectionString, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_lapor_agency_search_trgm'"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(db.ConnectionString, $"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> DumpAsync(string connectionString)
    {
        var sb = new StringBuilder();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'column|' || table_name || '|' || column_name || '|' || data_type || '|' || is_nullable || '|' || coalesce(column_default, '')
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'constraint|' || conrelid::regclass::text || '|' || conname || '|' || pg_get_constraintdef(oid)
              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'index|' || tablename || '|' || indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'function|' || p.proname || '|' || pg_get_function_identity_arguments(p.oid) || '|' || md5(p.prosrc)
              FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'relation|' || c.relname || '|' || c.oid::text FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'query|' || querykey || '|' || md5(querytext) FROM orleansquery
            UNION ALL
            SELECT 'version|' || version || '|' || applied_at::text FROM lapor_schema_version
            ORDER BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sb.AppendLine(reader.GetString(0));
        }

        return sb.ToString();
    }
}
