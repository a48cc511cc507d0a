namespace Lapor.Api.Auth;

/// <summary>A demo account of the embedded default.</summary>
public sealed record DemoAccount(string Username, string Name, string Role, string AgencyId);
