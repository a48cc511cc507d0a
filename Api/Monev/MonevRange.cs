using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Monev;

/// <summary>
/// The period query of a monev request, bound with <c>[AsParameters]</c>: period = day | month | quarter | year;
/// from/to = "2026", "2026-03" or "2026-03-14" (to is inclusive: "2026-12" ends on 31 December).
/// </summary>
public sealed class MonevRange
{
    [FromQuery(Name = "period")]
    public string? Period { get; init; }

    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [FromQuery(Name = "to")]
    public string? To { get; init; }
}
