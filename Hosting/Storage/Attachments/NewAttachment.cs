namespace Lapor.Hosting.Storage.Attachments;

/// <summary>
/// A checked upload waiting in the store's temp folder (<see cref="IAttachmentStore.TempFolder"/>): the original and,
/// for images, the stripped copy. <see cref="IAttachmentStore.SaveAsync"/> takes the files over.
/// </summary>
public sealed record NewAttachment(
    string Id,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string OriginalPath,
    string? StrippedPath,
    long? StrippedSize,
    string? StrippedSha256,
    DateTimeOffset CreatedAt);
