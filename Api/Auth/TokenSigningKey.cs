using Microsoft.IdentityModel.Tokens;

namespace Lapor.Api.Auth;

/// <summary>
/// The key this host signs staff tokens with (demo and local accounts) and checks them against: configured
/// (<c>Lapor:Auth:SigningKey</c>, the same on every host) or generated into the data folder. One per host.
/// </summary>
public sealed class TokenSigningKey(IConfiguration configuration)
{
    public SymmetricSecurityKey Key { get; } = new(KeyRing.Load(configuration, "Lapor:Auth:SigningKey", "jwt-signing.key"));
}
