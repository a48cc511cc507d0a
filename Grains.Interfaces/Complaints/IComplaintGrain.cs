using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Complaints;

/// <summary>
/// One citizen's report: its state machine, its deadlines and its timeline. Keyed by the tracking code
/// (<c>LPR-</c> plus 10 Crockford base32 characters).
/// </summary>
[Alias("lapor.IComplaintGrain")]
public interface IComplaintGrain : IGrainWithStringKey
{
    /// <summary>Accepts a new report. A second call with the same request hash replays the first answer.</summary>
    [Alias("Submit")]
    Task<CommandResult> Submit(SubmitComplaint command);

    /// <summary>Applies one transition for an authenticated actor; <paramref name="expectedVersion"/> is If-Match.</summary>
    [Alias("Execute")]
    Task<CommandResult> Execute(ComplaintAction action, Actor actor, int? expectedVersion);

    /// <summary>The complaint as <paramref name="viewer"/> may see it, or null if it does not exist or is not theirs to see.</summary>
    [Alias("View")]
    Task<ComplaintView?> View(Viewer viewer);

    /// <summary>Status, version and the agencies that may act: what authorization needs, no content.</summary>
    [Alias("GetScope")]
    Task<ComplaintScope?> GetScope();

    /// <summary>Constant-time check of the reporter's secret (given as its SHA-256, hex).</summary>
    [Alias("VerifySecret")]
    Task<bool> VerifySecret(string secretHash);

    /// <summary>
    /// The reporter's view when the secret (its SHA-256, hex) matches, else null: a status read in one call. Read-only,
    /// so reads never queue behind each other.
    /// </summary>
    [Alias("ViewWithSecret"), Orleans.Concurrency.ReadOnly]
    Task<ComplaintView?> ViewWithSecret(string secretHash);

    /// <summary>
    /// The sweep's call at a final report's erasure date (docs/domain.md §5.1): erases the reporter's data if the date
    /// has come, and otherwise puts the report's row in the erasure index right from its state.
    /// </summary>
    [Alias("EraseReporterDataIfDue")]
    Task EraseReporterDataIfDue();

    /// <summary>The complaint's monev journal for one agency (all when null), re-measured with the current calendar.</summary>
    [Alias("GetMonevFacts")]
    Task<MonevFactsAt> GetMonevFacts(string? agencyId);
}
