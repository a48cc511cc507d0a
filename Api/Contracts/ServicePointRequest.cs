namespace Lapor.Api.Contracts;

/// <summary>A service point as an admin defines it: its name (a counter, an office) and its address.</summary>
public sealed record ServicePointRequest(string? Name, string? Address);
