using System.Collections.Immutable;

namespace Lapor.Api.Monev;

/// <summary>The agencies directly below one agency, ranked by an indicator over a range.</summary>
public sealed record Ranking(string AgencyId, DateOnly From, DateOnly To, string OrderBy, ImmutableArray<Ranked> Children);
