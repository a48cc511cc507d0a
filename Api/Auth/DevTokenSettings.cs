namespace Lapor.Api.Auth;

/// <summary>Whether <c>/api/dev/token</c> is mapped (decided by the deployment profile).</summary>
public sealed record DevTokenSettings(bool Enabled);
