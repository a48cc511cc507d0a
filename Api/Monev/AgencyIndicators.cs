using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Api.Monev;

/// <summary>An agency's indicators over a range: the total and one entry per period, plus the backlog today.</summary>
public sealed record AgencyIndicators(string AgencyId, string Name, AgencyLevel Level, string Scope, MonevPeriod Period,
    DateOnly From, DateOnly To, int Agencies, MonevBacklog Backlog, Indicators Total, ImmutableArray<Indicators> Periods)
{
    public static AgencyIndicators Of(AgencyRouting routing, MonevReport report)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(report);
        return new(routing.AgencyId, routing.Name, routing.Level, report.Subtree ? "subtree" : "own", report.Query.Period,
            report.Query.From, report.Query.To, report.Agencies, report.Backlog, MonevIndicators.Total(report), MonevIndicators.Periods(report));
    }
}
