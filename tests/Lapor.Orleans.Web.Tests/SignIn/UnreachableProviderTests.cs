using System.Globalization;
using System.Net;
using Lapor.Api.Tests;
using Lapor.Api.Web;

namespace Lapor.Web.Tests.SignIn;

/// <summary>A host whose OpenID Connect authority does not answer (nothing listens on its port).</summary>
public sealed class UnreachableProviderHost : ApiHost
{
    protected override IEnumerable<string> ExtraArgs() =>
    [
        "--Lapor:Auth:Authority", $"http://127.0.0.1:{Ports.Free().ToString(CultureInfo.InvariantCulture)}",
        "--Lapor:Auth:RequireHttpsMetadata", "false",
        "--Lapor:Auth:Web:ClientId", "lapor-web",
        "--Lapor:Auth:Web:ClientSecret", "rahasia-uji",
    ];
}

public sealed class UnreachableProviderTests(UnreachableProviderHost host) : IClassFixture<UnreachableProviderHost>
{
    [Fact]
    public async Task Starting_SSO_while_the_provider_is_down_ends_on_the_Indonesian_failure_page_not_a_500()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var start = await http.GetAsync(new Uri($"{StaffSso.StartPath}?kembali=/titik-layanan", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal($"{StaffSso.FailedPath}?alasan={StaffSso.Unreachable}", start.Headers.Location!.OriginalString);

        using var page = await http.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("sedang tidak dapat dihubungi", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
