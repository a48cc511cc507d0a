using System.Net;
using System.Net.Http.Headers;
using Lapor.Api.Auth;

namespace Lapor.Api.Tests.Security;

[CollectionDefinition(Name)]
public sealed class SsoApiCollection : ICollectionFixture<SsoApiHost>
{
    public const string Name = "api-sso";
}

/// <summary>With an authority set, the API's bearer tokens are the provider's (RS256, its published key, audience lapor-api).</summary>
[Collection(SsoApiCollection.Name)]
public sealed class SsoBearerTests(SsoApiHost host)
{
    private static readonly OidcProvider.User MalangAdmin = new("sso.admin.malang.api", "Admin Malang Lewat SSO", Roles.AgencyAdmin, "kota-malang");

    [Fact]
    public async Task The_API_accepts_the_providers_access_token_from_the_code_flow_and_applies_the_same_agency_scope()
    {
        var tokens = await host.Provider.CodeFlowAsync(MalangAdmin, new Uri("http://127.0.0.1/klien-uji"));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/api/agencies/kota-malang/summary", (string)tokens["access_token"]!));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/api/agencies/prov-jatim/summary", (string)tokens["access_token"]!));
        // The id token is for the pages' client, not for the API.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/api/agencies/kota-malang/summary", (string)tokens["id_token"]!));
    }

    [Fact]
    public async Task The_API_refuses_a_token_signed_by_a_key_the_provider_never_published()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/api/agencies/kota-malang/summary", host.Provider.AccessToken(MalangAdmin)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/api/agencies/kota-malang/summary", host.Provider.ForgedAccessToken(MalangAdmin)));
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string token)
    {
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }
}
