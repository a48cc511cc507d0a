namespace Lapor.Hosting.Storage.Attachments;

public enum ClaimStatus
{
    Claimed = 0,
    /// <summary>No such staged upload (never uploaded, expired, or already used elsewhere).</summary>
    Unknown = 1,
    /// <summary>The complaint would hold more than the allowed number of attachments.</summary>
    TooMany = 2,
}

/// <summary>The outcome of reserving uploads for a complaint message; <see cref="Id"/> names the refused one.</summary>
public sealed record ClaimResult(ClaimStatus Status, string? Id = null, string? FileName = null)
{
    public static readonly ClaimResult Claimed = new(ClaimStatus.Claimed);
}
