namespace Lapor.Hosting.Storage.Attachments;

/// <summary>
/// Where attachments live: files in the data folder with their rows in SQLite (embedded), or rows and bytea chunks in
/// PostgreSQL (production). Whatever the backend, a row exists only with all of its bytes, and an upload no message
/// refers to stays "staged" until it is claimed and committed or the cleaner removes it.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>A folder for uploads being received and checked; <see cref="SaveAsync"/> moves them in from here.</summary>
    string TempFolder { get; }

    /// <summary>Stores a checked upload as staged, all or nothing; the temp files are consumed.</summary>
    Task<AttachmentRecord> SaveAsync(NewAttachment upload, CancellationToken cancellationToken = default);

    Task<AttachmentRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves staged uploads for a message on <paramref name="complaintId"/>, all or none: each must be staged (or
    /// already reserved for this complaint and not committed, or committed to <paramref name="replaySequence"/> when a
    /// replayed submission sends them again), and the complaint may not exceed <paramref name="maxPerComplaint"/>.
    /// </summary>
    Task<ClaimResult> ClaimAsync(string complaintId, IReadOnlyList<string> ids, int maxPerComplaint, int? replaySequence,
        CancellationToken cancellationToken = default);

    /// <summary>Records that timeline entry <paramref name="sequence"/> carries the reserved uploads.</summary>
    Task CommitAsync(string complaintId, IReadOnlyList<string> ids, int sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Returns reserved, uncommitted uploads to staged (the message was refused).</summary>
    Task ReleaseAsync(string complaintId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The committed attachments of a complaint, in timeline order.</summary>
    Task<IReadOnlyList<AttachmentRecord>> ListAsync(string complaintId, CancellationToken cancellationToken = default);

    /// <summary>Writes the original (or the stripped copy) to <paramref name="destination"/>, in pieces.</summary>
    Task CopyToAsync(AttachmentRecord attachment, bool stripped, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Uncommitted uploads created before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<AttachmentRecord>> PendingAsync(DateTimeOffset before, int take, CancellationToken cancellationToken = default);

    /// <summary>Deletes an uncommitted upload (a committed one is never deleted here).</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes files left in the temp folder by uploads interrupted before <paramref name="before"/>.</summary>
    Task DeleteTempFilesAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
