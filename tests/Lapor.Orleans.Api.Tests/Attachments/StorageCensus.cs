using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Attachments;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests.Attachments;

/// <summary>
/// What the host's attachment storage holds, read from the storage itself: rows, stored pieces (files in the data
/// folder, or bytea chunks in PostgreSQL) and leftovers in the upload temp folder.
/// </summary>
public sealed record StorageCensus(long Rows, long Pieces, int TempFiles)
{
    public static async Task<StorageCensus> TakeAsync(ApiHost host)
    {
        var database = host.Services.GetRequiredService<IndexDatabase>();
        var store = host.Services.GetRequiredService<IAttachmentStore>();
        var rows = await ScalarAsync(database, "SELECT count(*) FROM lapor_attachment");
        long pieces;
        if (database.Provider == LaporStorageProvider.Postgres)
        {
            pieces = await ScalarAsync(database, "SELECT count(*) FROM lapor_attachment_chunk");
        }
        else
        {
            var root = Path.Combine(host.DataFolder, "attachments");
            pieces = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Count(f => !Path.GetDirectoryName(f)!.Equals(store.TempFolder, StringComparison.Ordinal));
        }

        return new StorageCensus(rows, pieces, Directory.EnumerateFiles(store.TempFolder).Count());
    }

    private static Task<long> ScalarAsync(IndexDatabase database, string sql) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);
}
