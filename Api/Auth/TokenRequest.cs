namespace Lapor.Api.Auth;

/// <summary>Demo sign-in: a demo account's user name and the demo password.</summary>
public sealed record TokenRequest(string? Username, string? Password);
