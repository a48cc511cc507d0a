using System.Text;
using Microsoft.Data.Sqlite;

namespace Lapor.Storage.Tests;

public static class SqliteDump
{
    /// <summary>Every table, index and stored query of a Lapor SQLite database, and its schema version, as sorted text.</summary>
    public static async Task<string> DumpAsync(string connectionString)
    {
        var sb = new StringBuilder();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT type || '|' || name || '|' || tbl_name || '|' || ifnull(sql, '') FROM sqlite_master
            UNION ALL SELECT 'query|' || QueryKey || '|' || QueryText FROM OrleansQuery
            UNION ALL SELECT 'version|' || version || '|' || applied_at FROM lapor_schema_version
            ORDER BY 1
            """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sb.AppendLine(reader.GetString(0));
        }

        return sb.ToString();
    }
}
