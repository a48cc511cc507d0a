using Lapor.Domain.Complaints;

namespace Lapor.Grains.Complaints;

/// <summary>
/// The most recent published complaints, for the public list. Holds summaries only, never confidential
/// complaints and never a reporter's identity. A bounded roll-up: nothing scans the complaints.
/// </summary>
[Alias("lapor.IPublicFeedGrain")]
public interface IPublicFeedGrain : IGrainWithStringKey
{
    const string Key = "nasional";

    /// <summary>Adds or updates a summary; null removes the complaint (it became confidential or was archived).</summary>
    /// <summary>Interleaves so concurrent publications share one storage write.</summary>
    [Alias("Publish"), Orleans.Concurrency.AlwaysInterleave]
    Task Publish(string complaintId, int version, PublicSummary? summary);

    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<PublicPage> List(int skip, int take, string? agencyId);
}
