using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace Lapor.Api.Auth;

/// <summary>
/// The demo accounts (public password <see cref="DemoPassword"/>) and the tokens this host signs for them and for
/// local accounts. Demo accounts sign in only in demo mode (<c>--demo</c>, <c>Lapor:Demo=true</c> or the Development
/// environment, see <see cref="Hosting.DeploymentProfile.OffersDevTokens"/>), so the README walkthrough works without
/// an identity server and nothing else does.
/// </summary>
public static class DevTokens
{
    public const string DemoPassword = "lapor-demo";

    public static readonly IReadOnlyList<StaffAccount> Accounts =
    [
        new("admin.nasional", "Admin Nasional", Roles.NationalAdmin, "nasional"),
        new("admin.jatim", "Admin Provinsi Jawa Timur", Roles.AgencyAdmin, "prov-jatim"),
        new("admin.malang", "Admin Kota Malang", Roles.AgencyAdmin, "kota-malang"),
        new("petugas.dishub", "Pejabat Penghubung Dishub Kota Malang", Roles.Officer, "malang-dishub"),
        new("petugas.dpupr", "Pejabat Penghubung DPUPR Kota Malang", Roles.Officer, "malang-dpupr"),
        new("admin.kemendikdasmen", "Admin Kemendikdasmen", Roles.AgencyAdmin, "kemendikdasmen"),
        new("pengawas", "Pengawas Monev KemenPANRB", Roles.Overseer, "nasional"),
    ];

    public static TokenResponse Create(StaffAccount account, TokenSigningKey key, TimeProvider time)
    {
        var lifetime = TimeSpan.FromHours(8);
        var now = time.GetUtcNow().UtcDateTime;
        var token = new JwtSecurityToken(
            issuer: AuthSetup.Issuer,
            audience: AuthSetup.Audience,
            claims:
            [
                new Claim(LaporClaims.Subject, account.Username),
                new Claim("name", account.Name),
                new Claim(LaporClaims.Role, account.Role),
                new Claim(LaporClaims.Agency, account.AgencyId),
            ],
            notBefore: now.AddMinutes(-1),
            expires: now.Add(lifetime),
            signingCredentials: new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256));
        return new TokenResponse(new JwtSecurityTokenHandler().WriteToken(token), "Bearer", (int)lifetime.TotalSeconds, account.Role, account.AgencyId);
    }
}
