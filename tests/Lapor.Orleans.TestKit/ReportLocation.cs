namespace Lapor.TestKit;

/// <summary>Where the reported incident happened.</summary>
public sealed record ReportLocation(string RegionCode, double? Latitude = null, double? Longitude = null, string? Description = null);
