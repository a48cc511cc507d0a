namespace Lapor.Hosting.Storage.Attachments;

/// <summary>
/// One stored attachment's metadata. <see cref="ComplaintId"/> is null while the upload is staged (no message refers
/// to it yet); <see cref="EntrySequence"/> is the timeline entry that carries it once committed.
/// </summary>
public sealed record AttachmentRecord(
    string Id,
    string? ComplaintId,
    int? EntrySequence,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    long? StrippedSize,
    string? StrippedSha256,
    DateTimeOffset CreatedAt)
{
    /// <summary>Images have a copy without EXIF/XMP/text metadata: what everyone but staff receives.</summary>
    public bool HasStrippedCopy => StrippedSize is not null;
}
