namespace Lapor.Api.Contracts;

/// <summary>The reporter's contact details; all optional (an anonymous report may leave them out).</summary>
/// <remarks><c>notifyStatus</c>: tell the reporter of every status change by e-mail (needs <c>email</c>).</remarks>
public sealed record ReporterRequest(string? Name, string? Email, string? Phone, bool? NotifyStatus = null);
