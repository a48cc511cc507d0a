using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Api.Monev;

/// <summary>One child agency (with its subtree) in a ranking.</summary>
public sealed record Ranked(int Rank, string AgencyId, string Name, AgencyLevel Level, Indicators Total, long Backlog);
