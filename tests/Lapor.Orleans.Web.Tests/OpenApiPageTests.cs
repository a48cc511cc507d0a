using System.Net;

namespace Lapor.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class OpenApiPageTests(WebHost host)
{
    [Fact]
    public async Task The_OpenAPI_document_lists_no_page_routes_and_describes_the_service_point_operations()
    {
        using var client = host.Client();
        var doc = await client.ReadAsync("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.DoesNotContain(paths, p => p is "/" or "/lapor" or "/lacak" or "/publik" or "/monev" or "/masuk" or "/keluar"
            || p.StartsWith("/titik-layanan", StringComparison.Ordinal) || p.StartsWith("/_", StringComparison.Ordinal));
        Assert.Contains("/api/agencies/{id}/service-points", paths);
        Assert.Contains("/api/public/service-points/{id}", paths);
    }

    [Fact]
    public async Task Pages_carry_their_content_security_policy_and_the_API_keeps_its_own()
    {
        using var client = host.Client();
        using var page = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        using var css = await client.Http.GetAsync("/_content/MudBlazor/MudBlazor.min.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        using var api = await client.Http.GetAsync("/api/public/complaints");
        Assert.Equal("frame-ancestors 'none'", string.Join(";", api.Headers.GetValues("Content-Security-Policy")));
    }
}
