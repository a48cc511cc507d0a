using System.Net;

namespace Lapor.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class RedactionPageTests(WebHost host)
{
    private static async Task RouteAsync(LaporClient client, string code)
    {
        using var routed = await client.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
    }

    [BrowserFact]
    public async Task An_anonymous_reporters_name_never_appears_on_the_public_feed_or_page_and_a_confidential_report_is_not_published()
    {
        using var client = host.Client();
        var anonymous = await client.SubmitAsync(new ReportBuilder
        {
            Title = "Pungutan liar di kantor kelurahan",
            Anonymous = true,
            Reporter = new ReportContact("Wulandari Anonimwati", "wulan.anonim@example.id", "+6281299990000"),
        });
        var confidential = await client.SubmitAsync(new ReportBuilder { Title = "Laporan rahasia tentang pengadaan", Confidential = true });
        await RouteAsync(client, anonymous.Code);
        await RouteAsync(client, confidential.Code);

        var page = await host.PageAsync(phone: false);
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            await page.GotoAsync("/publik");
            return (await page.ContentAsync()).Contains("Pungutan liar di kantor kelurahan", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20)), "the anonymous report never reached the public feed page");
        var feed = await page.ContentAsync();
        Assert.DoesNotContain("Wulandari", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("Laporan rahasia tentang pengadaan", feed, StringComparison.Ordinal);
        await Screens.TakeAsync(page, "desktop-public-feed");

        await page.GotoAsync($"/publik/{anonymous.Code}");
        var detail = await page.ContentAsync();
        Assert.Contains("Pungutan liar di kantor kelurahan", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Wulandari", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wulan.anonim", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("6281299990000", detail, StringComparison.Ordinal);

        var hidden = await page.GotoAsync($"/publik/{confidential.Code}");
        Assert.Equal(404, hidden!.Status);
        Assert.DoesNotContain("Laporan rahasia tentang pengadaan", await page.ContentAsync(), StringComparison.Ordinal);

        // The feed's search finds it by title (narrowing the feed's own page).
        await page.GotoAsync("/publik?q=pungutan");
        Assert.Contains("Pungutan liar di kantor kelurahan", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
