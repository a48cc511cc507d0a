using Lapor.Domain.Complaints;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Complaints;

[GenerateSerializer, Alias("lapor.PublicFeedState")]
public sealed class PublicFeedState
{
    [Id(0)] public Dictionary<string, PublicSummary> Items { get; set; } = [];
    /// <summary>Last version seen per complaint (kept for removed ones too, bounded with the feed).</summary>
    [Id(1)] public Dictionary<string, int> Versions { get; set; } = [];
}

/// <summary>The newest published complaints (bounded), for the public list without scanning complaints.</summary>
public sealed class PublicFeedGrain(
    [PersistentState("publicfeed", GrainStorage.Name)] IPersistentState<PublicFeedState> state) : Grain, IPublicFeedGrain
{
    private const int Capacity = 2_000;

    private GroupCommit? _commit;

    public async Task Publish(string complaintId, int version, PublicSummary? summary)
    {
        var s = state.State;
        if (s.Versions.TryGetValue(complaintId, out var seen) && version <= seen)
        {
            return;
        }

        s.Versions[complaintId] = version;
        if (summary is null)
        {
            s.Items.Remove(complaintId);
        }
        else
        {
            s.Items[complaintId] = summary;
        }

        if (s.Items.Count > Capacity)
        {
            foreach (var oldest in s.Items.Values.OrderBy(i => i.UpdatedAt).Take(s.Items.Count - Capacity).ToList())
            {
                s.Items.Remove(oldest.Id);
            }
        }

        if (s.Versions.Count > Capacity * 2)
        {
            foreach (var stale in s.Versions.Keys.Where(k => !s.Items.ContainsKey(k)).Take(s.Versions.Count - Capacity * 2).ToList())
            {
                s.Versions.Remove(stale);
            }
        }

        await (_commit ??= new GroupCommit(() => state.WriteStateAsync(), DeactivateOnIdle)).SaveAsync();
    }

    public Task<PublicPage> List(int skip, int take, string? agencyId)
    {
        var matching = state.State.Items.Values
            .Where(i => agencyId is null || i.AgencyId == agencyId)
            .OrderByDescending(i => i.UpdatedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new PublicPage(matching.Count, [.. matching.Skip(skip).Take(take)]));
    }
}
