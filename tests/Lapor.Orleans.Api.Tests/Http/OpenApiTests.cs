using System.Net;

namespace Lapor.Api.Tests.Http;

/// <summary>
/// The OpenAPI document and the API reference page. Run on the embedded default (<see cref="OpenApiTestsOnSqlite"/>)
/// and on PostgreSQL (<see cref="OpenApiTestsOnPostgres"/>).
/// </summary>
public abstract class OpenApiTests(ApiHost host)
{
    [Fact]
    public async Task The_openapi_document_and_the_reference_page_are_served()
    {
        using var api = host.Client();
        var doc = await api.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
        var paths = (await LaporClient.JsonAsync(doc))["paths"]!.AsObject();
        Assert.Contains("/api/complaints", paths.Select(p => p.Key));
        Assert.Contains("/api/complaints/{code}/route", paths.Select(p => p.Key));
        var page = await api.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
