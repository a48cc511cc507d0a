namespace Lapor.Api.Auth;

/// <summary>A bearer token for a demo account, with its lifetime in seconds, role and agency.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Role, string AgencyId);
