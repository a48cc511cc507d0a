using Lapor.Hosting.Storage.Indexes;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage.Attachments;

/// <summary>
/// Embedded: the bytes are files under <c>&lt;DataFolder&gt;/attachments/&lt;xx&gt;/&lt;id&gt;</c> (and
/// <c>&lt;id&gt;.stripped</c>), the row in SQLite. An upload is written to <c>attachments/tmp</c> first and moved in
/// (same volume, so the move is atomic); the row is inserted only after the files are in place, and a failed insert
/// takes the files away again.
/// </summary>
public sealed class FolderAttachmentStore : AdoNetAttachmentStore
{
    private readonly string _root;

    public FolderAttachmentStore(IndexDatabase database, string root)
        : base(database)
    {
        _root = Path.GetFullPath(root);
        TempFolder = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(TempFolder);
    }

    public override string TempFolder { get; }

    private string PathOf(string id, bool stripped) => Path.Combine(_root, id[..2], stripped ? id + ".stripped" : id);

    public override async Task<AttachmentRecord> SaveAsync(NewAttachment upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var original = PathOf(upload.Id, stripped: false);
        var stripped = upload.StrippedPath is null ? null : PathOf(upload.Id, stripped: true);
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        try
        {
            File.Move(upload.OriginalPath, original);
            if (stripped is not null)
            {
                File.Move(upload.StrippedPath!, stripped);
            }

            await Database.WriteAsync(async (connection, transaction, ct) =>
                await ExecuteAsync(connection, transaction, InsertRow, ct, RowParameters(upload)), cancellationToken);
        }
        catch
        {
            TryDelete(original);
            TryDelete(stripped);
            throw;
        }

        return Record(upload);
    }

    public override async Task CopyToAsync(AttachmentRecord attachment, bool stripped, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await using var file = new FileStream(PathOf(attachment.Id, stripped && attachment.HasStrippedCopy), FileMode.Open, FileAccess.Read,
            FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(destination, 81920, cancellationToken);
    }

    public override async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        // Files first, then the row: an interruption leaves a row whose files are gone, which the next sweep removes.
        TryDelete(PathOf(id, stripped: true));
        TryDelete(PathOf(id, stripped: false));
        await Database.WriteAsync(async (connection, transaction, ct) =>
            await ExecuteAsync(connection, transaction, "DELETE FROM lapor_attachment WHERE attachment_id = @id AND entry_sequence IS NULL", ct,
                ("id", id)), cancellationToken);
    }
}
