namespace Lapor.Api.Contracts;

/// <summary>Passing a complaint to one of the agency's units.</summary>
public sealed record RouteToUnitRequest(string? UnitId, string? Note);
