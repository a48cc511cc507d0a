namespace Lapor.TestKit;

/// <summary>How the reporter can be reached (each part optional).</summary>
public sealed record ReportContact(string? Name, string? Email = null, string? Phone = null, bool? NotifyStatus = null);
