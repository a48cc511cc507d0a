namespace Lapor.Api.Contracts;

/// <summary>The reporter's contact details; all optional (an anonymous report may leave them out).</summary>
public sealed record ReporterRequest(string? Name, string? Email, string? Phone);
