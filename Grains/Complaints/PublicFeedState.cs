using Lapor.Domain.Complaints;

namespace Lapor.Grains.Complaints;

/// <summary>
/// The state of the public-feed grain up to schema version 7 (the newest 2,000 published complaints). Kept only so
/// <c>LegacyPublicFeedMigration</c> can read it into the public list; nothing writes it any more.
/// </summary>
[GenerateSerializer, Alias("lapor.PublicFeedState")]
public sealed class PublicFeedState
{
    [Id(0)] public Dictionary<string, PublicSummary> Items { get; set; } = [];
    /// <summary>Last version seen per complaint (kept for removed ones too, bounded with the feed).</summary>
    [Id(1)] public Dictionary<string, int> Versions { get; set; } = [];
}
