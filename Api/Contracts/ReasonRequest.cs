namespace Lapor.Api.Contracts;

/// <summary>A reason: archiving, "bukan wewenang" or reopening.</summary>
public sealed record ReasonRequest(string? Reason);
