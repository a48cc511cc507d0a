using Lapor.Api.Web;

namespace Lapor.Api.Tests;

/// <summary>
/// The API host in production's sign-in mode: staff tokens and the pages' sign-in come from a real OpenID Connect
/// provider on loopback (<see cref="OidcProvider"/>), registered with the host as the pages' confidential client.
/// Demo agencies are loaded; no demo or local accounts can sign in (an authority is set).
/// </summary>
public sealed class SsoApiHost : ApiHost
{
    public OidcProvider Provider { get; } = new();

    protected override IEnumerable<string> ExtraArgs() =>
    [
        "--Lapor:Auth:Authority", Provider.IssuerName,
        // The test provider speaks plain HTTP on loopback; production keeps the default (HTTPS metadata only).
        "--Lapor:Auth:RequireHttpsMetadata", "false",
        "--Lapor:Auth:Web:ClientId", Provider.ClientId,
        "--Lapor:Auth:Web:ClientSecret", Provider.ClientSecret,
    ];

    public override async Task InitializeAsync()
    {
        await Provider.StartAsync();
        await base.InitializeAsync();
        Provider.AllowRedirect(new Uri(BaseAddress, StaffSso.CallbackPath));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
