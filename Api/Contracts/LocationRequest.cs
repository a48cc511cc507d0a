namespace Lapor.Api.Contracts;

/// <summary>Where it happened: a Kemendagri region code, optionally coordinates and a description.</summary>
public sealed record LocationRequest(string? RegionCode, double? Latitude, double? Longitude, string? Description);
