namespace Lapor.Api.Contracts;

/// <summary>
/// An attachment as its reader gets it: for images the size and SHA-256 are those of the copy this reader downloads
/// (without location metadata, except for staff). <c>entrySequence</c> is the timeline entry that carries it (absent
/// right after upload); <c>expiresAt</c> says until when an upload no message refers to is kept.
/// </summary>
public sealed record AttachmentView(
    string Id,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    DateTimeOffset CreatedAt,
    int? EntrySequence,
    DateTimeOffset? ExpiresAt);
