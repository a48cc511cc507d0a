namespace Lapor.Api.Contracts;

/// <summary>
/// A notification subscription: <c>kind</c> <c>webhook</c> (with <c>url</c>) or <c>email</c> (with <c>email</c>), and the
/// events wanted (routed, related-assigned, warning-50, warning-75, breach, escalated, national-intervention,
/// reporter-replied, reopened, rated).
/// </summary>
public sealed record SubscriptionRequest(string? Kind, string? Url, string? Email, IReadOnlyList<string>? Events, bool? Active);
