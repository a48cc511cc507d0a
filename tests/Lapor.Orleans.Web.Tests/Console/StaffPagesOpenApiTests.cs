namespace Lapor.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class StaffPagesOpenApiTests(WebHost host)
{
    [Fact]
    public async Task No_staff_page_or_the_pages_CSV_route_appears_in_the_OpenAPI_document()
    {
        using var client = host.Client();
        var document = await client.ReadAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/konsol", StringComparison.Ordinal) || p.StartsWith("/dasbor", StringComparison.Ordinal)
            || p.StartsWith("/admin", StringComparison.Ordinal));
        Assert.Contains("/api/monev/agencies/{id}/export.csv", paths);
    }
}
