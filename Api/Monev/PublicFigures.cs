using System.Collections.Immutable;
using Lapor.Domain.Monev;

namespace Lapor.Api.Monev;

/// <summary>An agency's public transparency figures: the total and one entry per month, quarter or year.</summary>
public sealed record PublicFigures(string AgencyId, string Name, MonevPeriod Period, PublicPeriod Total, ImmutableArray<PublicPeriod> Periods);
