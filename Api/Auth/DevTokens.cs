using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Lapor.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Lapor.Api.Auth;

/// <summary>
/// Development-only token endpoint with seeded demo accounts, so the README walkthrough works without an identity
/// server. Off unless the embedded default runs without an OpenID Connect authority (or Lapor:Auth:DevTokens=true).
/// </summary>
public static class DevTokens
{
    public const string DemoPassword = "lapor-demo";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin.nasional", "Admin Nasional", Roles.NationalAdmin, "nasional"),
        new("admin.jatim", "Admin Provinsi Jawa Timur", Roles.AgencyAdmin, "prov-jatim"),
        new("admin.malang", "Admin Kota Malang", Roles.AgencyAdmin, "kota-malang"),
        new("petugas.dishub", "Pejabat Penghubung Dishub Kota Malang", Roles.Officer, "malang-dishub"),
        new("petugas.dpupr", "Pejabat Penghubung DPUPR Kota Malang", Roles.Officer, "malang-dpupr"),
        new("admin.kemendikdasmen", "Admin Kemendikdasmen", Roles.AgencyAdmin, "kemendikdasmen"),
        new("pengawas", "Pengawas Monev KemenPANRB", Roles.Overseer, "nasional"),
    ];

    private static SymmetricSecurityKey? _key;

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration) =>
        _key ??= new SymmetricSecurityKey(KeyRing.Load(configuration, "Lapor:Auth:SigningKey", "jwt-signing.key"));

    public static IEndpointRouteBuilder MapDevTokenApi(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<DevTokenSettings>();
        if (!settings.Enabled)
        {
            return app;
        }

        app.MapPost("/api/dev/token", Issue)
            .WithTags("Development")
            .WithSummary("Token akun demo (hanya mode pengembangan)")
            .AllowAnonymous();
        return app;
    }

    private static Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedHttpResult> Issue(TokenRequest request, IConfiguration configuration, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.Username))
        {
            return Problems.Invalid("username", "Nama pengguna wajib diisi.");
        }

        var account = Accounts.FirstOrDefault(a => a.Username == request.Username);
        if (account is null || request.Password != DemoPassword)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(Create(account, configuration, time));
    }

    public static TokenResponse Create(DemoAccount account, IConfiguration configuration, TimeProvider time)
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
            signingCredentials: new SigningCredentials(SigningKey(configuration), SecurityAlgorithms.HmacSha256));
        return new TokenResponse(new JwtSecurityTokenHandler().WriteToken(token), "Bearer", (int)lifetime.TotalSeconds, account.Role, account.AgencyId);
    }
}
