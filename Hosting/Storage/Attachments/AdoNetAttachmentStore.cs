using System.Data;
using System.Data.Common;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Data.Sqlite;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Attachments;

/// <summary>
/// The metadata side of both stores: <c>lapor_attachment</c> (db/*/005_attachments.sql), the same SQL text on SQLite
/// and PostgreSQL. Where the bytes go is the subclass's business.
/// </summary>
public abstract class AdoNetAttachmentStore(IndexDatabase database) : IAttachmentStore
{
    protected const string Columns =
        "attachment_id, complaint_id, entry_sequence, file_name, content_type, size_bytes, sha256, stripped_size, stripped_sha256, created_ms";

    protected const string InsertRow = """
        INSERT INTO lapor_attachment (attachment_id, complaint_id, entry_sequence, file_name, content_type, size_bytes, sha256,
                                      stripped_size, stripped_sha256, created_ms)
        VALUES (@id, NULL, NULL, @name, @type, @size, @sha, @ssize, @ssha, @created)
        """;

    protected IndexDatabase Database { get; } = database;

    public abstract string TempFolder { get; }

    public abstract Task<AttachmentRecord> SaveAsync(NewAttachment upload, CancellationToken cancellationToken = default);

    public abstract Task CopyToAsync(AttachmentRecord attachment, bool stripped, Stream destination, CancellationToken cancellationToken = default);

    public abstract Task DeleteAsync(string id, CancellationToken cancellationToken = default);

    protected static (string, object?)[] RowParameters(NewAttachment u) =>
    [
        ("id", u.Id), ("name", u.FileName), ("type", u.ContentType), ("size", u.Size), ("sha", u.Sha256),
        ("ssize", u.StrippedSize), ("ssha", (object?)u.StrippedSha256 ?? DBNull.Value), ("created", Ms(u.CreatedAt)),
    ];

    protected static AttachmentRecord Record(NewAttachment u) =>
        new(u.Id, null, null, u.FileName, u.ContentType, u.Size, u.Sha256, u.StrippedSize, u.StrippedSha256, u.CreatedAt);

    public Task<AttachmentRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Database.ReadAsync(async (connection, ct) => await FindAsync(connection, null, id, ct), cancellationToken);

    protected static async Task<AttachmentRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken ct)
    {
        var rows = await QueryAsync(connection, transaction, $"SELECT {Columns} FROM lapor_attachment WHERE attachment_id = @id", ct, ("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<AttachmentRecord>> ListAsync(string complaintId, CancellationToken cancellationToken = default) =>
        Database.ReadAsync<IReadOnlyList<AttachmentRecord>>(async (connection, ct) => await QueryAsync(connection, null,
            $"SELECT {Columns} FROM lapor_attachment WHERE complaint_id = @c AND entry_sequence IS NOT NULL ORDER BY entry_sequence, created_ms, attachment_id",
            ct, ("c", complaintId)), cancellationToken);

    public Task<IReadOnlyList<AttachmentRecord>> PendingAsync(DateTimeOffset before, int take, CancellationToken cancellationToken = default) =>
        Database.ReadAsync<IReadOnlyList<AttachmentRecord>>(async (connection, ct) => await QueryAsync(connection, null,
            $"SELECT {Columns} FROM lapor_attachment WHERE entry_sequence IS NULL AND created_ms < @before ORDER BY created_ms, attachment_id LIMIT @take",
            ct, ("before", Ms(before)), ("take", (long)take)), cancellationToken);

    public async Task<ClaimResult> ClaimAsync(string complaintId, IReadOnlyList<string> ids, int maxPerComplaint, int? replaySequence,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return await Database.ReadAsync(async (connection, ct) =>
        {
            await using var transaction = await BeginAsync(connection, ct);
            if (Database.Provider == LaporStorageProvider.Postgres)
            {
                // Claims on one complaint queue here, so two messages can never both pass the count.
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@c))", ct, ("c", complaintId));
            }

            var fresh = 0;
            foreach (var id in ids)
            {
                var row = await FindAsync(connection, transaction, id, ct);
                var usable = row is not null && (row.ComplaintId is null
                    || (row.ComplaintId == complaintId && (row.EntrySequence is null || row.EntrySequence == replaySequence)));
                if (!usable)
                {
                    // Used by another complaint reads exactly like never uploaded: an id tells nothing about others.
                    return new ClaimResult(ClaimStatus.Unknown, id);
                }

                if (row!.ComplaintId is null)
                {
                    fresh++;
                    if (await CountAsync(connection, transaction, complaintId, ct) + fresh > maxPerComplaint)
                    {
                        return new ClaimResult(ClaimStatus.TooMany, id, row.FileName);
                    }
                }
            }

            foreach (var id in ids)
            {
                await ExecuteAsync(connection, transaction,
                    "UPDATE lapor_attachment SET complaint_id = @c WHERE attachment_id = @id AND complaint_id IS NULL", ct,
                    ("c", complaintId), ("id", id));
            }

            await transaction.CommitAsync(ct);
            return ClaimResult.Claimed;
        }, cancellationToken);
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string complaintId, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "SELECT count(*) FROM lapor_attachment WHERE complaint_id = @c", ("c", complaintId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task CommitAsync(string complaintId, IReadOnlyList<string> ids, int sequence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ForEachAsync(ids, """
            UPDATE lapor_attachment SET entry_sequence = @s, committed_ms = @at
            WHERE attachment_id = @id AND complaint_id = @c AND entry_sequence IS NULL
            """, cancellationToken, ("c", complaintId), ("s", (long)sequence), ("at", Ms(at)));

    public Task ReleaseAsync(string complaintId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        ForEachAsync(ids, "UPDATE lapor_attachment SET complaint_id = NULL WHERE attachment_id = @id AND complaint_id = @c AND entry_sequence IS NULL",
            cancellationToken, ("c", complaintId));

    private async Task ForEachAsync(IReadOnlyList<string> ids, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        await Database.WriteAsync(async (connection, transaction, ct) =>
        {
            foreach (var id in ids)
            {
                await ExecuteAsync(connection, transaction, sql, ct, [.. parameters, ("id", id)]);
            }

            return true;
        }, cancellationToken);

    public virtual Task DeleteTempFilesAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(TempFolder))
        {
            return Task.CompletedTask;
        }

        foreach (var file in Directory.EnumerateFiles(TempFolder, "*" + TempSuffix))
        {
            if (File.GetLastWriteTimeUtc(file) < before.UtcDateTime)
            {
                TryDelete(file);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Every temp file of an upload ends so (the cleaner removes only these from the temp folder).</summary>
    public const string TempSuffix = ".lapor-upload";

    protected static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open somewhere: the cleaner removes it later.
        }
    }

    protected static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    protected static async Task<List<AttachmentRecord>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken ct, params (string, object?)[] parameters)
    {
        var list = new List<AttachmentRecord>();
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new AttachmentRecord(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : (int)reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                At(reader.GetInt64(9))));
        }

        return list;
    }
}
