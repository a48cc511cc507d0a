using System.Data;
using Lapor.Hosting.Storage.Indexes;
using Npgsql;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Attachments;

/// <summary>
/// Production: the row and its bytes in PostgreSQL, the bytes as 256 KiB <c>bytea</c> pieces in
/// <c>lapor_attachment_chunk</c>, all inserted in one transaction from the checked temp file (never the whole file in
/// memory), and read back piece by piece.
/// </summary>
public sealed class PostgresAttachmentStore : AdoNetAttachmentStore
{
    private const int ChunkBytes = 256 * 1024;

    public PostgresAttachmentStore(IndexDatabase database, string tempFolder)
        : base(database)
    {
        TempFolder = Path.GetFullPath(tempFolder);
        Directory.CreateDirectory(TempFolder);
    }

    public override string TempFolder { get; }

    public override async Task<AttachmentRecord> SaveAsync(NewAttachment upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        try
        {
            await Database.WriteAsync(async (connection, transaction, ct) =>
            {
                await ExecuteAsync(connection, transaction, InsertRow, ct, RowParameters(upload));
                await InsertChunksAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, upload.Id, 0, upload.OriginalPath, ct);
                if (upload.StrippedPath is { } stripped)
                {
                    await InsertChunksAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, upload.Id, 1, stripped, ct);
                }

                return true;
            }, cancellationToken);
        }
        finally
        {
            TryDelete(upload.OriginalPath);
            TryDelete(upload.StrippedPath);
        }

        return Record(upload);
    }

    private static async Task InsertChunksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, short variant, string path,
        CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var command = new NpgsqlCommand(
            "INSERT INTO lapor_attachment_chunk (attachment_id, variant, seq, data) VALUES (@id, @v, @seq, @data)", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("v", variant);
        var seq = command.Parameters.Add("seq", NpgsqlTypes.NpgsqlDbType.Integer);
        var data = command.Parameters.Add("data", NpgsqlTypes.NpgsqlDbType.Bytea);
        var buffer = new byte[ChunkBytes];
        for (var n = 0; ; n++)
        {
            var filled = await file.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, ct);
            if (filled == 0)
            {
                break;
            }

            seq.Value = n;
            data.Value = new ArraySegment<byte>(buffer, 0, filled);
            await command.ExecuteNonQueryAsync(ct);
            if (filled < ChunkBytes)
            {
                break;
            }
        }
    }

    public override Task CopyToAsync(AttachmentRecord attachment, bool stripped, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentNullException.ThrowIfNull(destination);
        var variant = (short)(stripped && attachment.HasStrippedCopy ? 1 : 0);
        return Database.ReadAsync(async (connection, ct) =>
        {
            await using var command = Command(connection, null,
                "SELECT data FROM lapor_attachment_chunk WHERE attachment_id = @id AND variant = @v ORDER BY seq", ("id", attachment.Id), ("v", variant));
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            while (await reader.ReadAsync(ct))
            {
                await using var piece = reader.GetStream(0);
                await piece.CopyToAsync(destination, ct);
            }

            return true;
        }, cancellationToken);
    }

    public override Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
            await ExecuteAsync(connection, transaction, "DELETE FROM lapor_attachment WHERE attachment_id = @id AND entry_sequence IS NULL", ct, ("id", id)),
            cancellationToken);
}
