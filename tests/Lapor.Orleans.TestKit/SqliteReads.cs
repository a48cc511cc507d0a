using Microsoft.Data.Sqlite;

namespace Lapor.TestKit;

/// <summary>Reads straight from an engine's SQLite file, for what no API answer shows (tables, reminder rows).</summary>
public static class SqliteReads
{
    /// <summary>The first column of each row of <paramref name="sql"/>, as text; <c>$id</c> in the query is <paramref name="id"/>.</summary>
    public static async Task<List<string>> TextAsync(string connectionString, string sql, string? id = null)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, id);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> (null when there is none).</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql, string? id = null)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, id);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A complaint's rows to direct receivers (the reporter, an SMS sender) as "key|target|payload".</summary>
    public static Task<List<string>> ReporterMessagesAsync(string connectionString, string complaintId) =>
        TextAsync(connectionString,
            "SELECT target_key || '|' || target || '|' || payload FROM lapor_notification WHERE complaint_id = $id AND subscription_id = ''",
            complaintId);

    private static SqliteCommand Command(SqliteConnection connection, string sql, string? id)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        return command;
    }
}
