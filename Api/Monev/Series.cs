using System.Collections.Immutable;
using Lapor.Domain.Monev;

namespace Lapor.Api.Monev;

/// <summary>A time series of the main indicators of one agency.</summary>
public sealed record Series(string AgencyId, string Scope, MonevPeriod Period, ImmutableArray<SeriesPoint> Points);
