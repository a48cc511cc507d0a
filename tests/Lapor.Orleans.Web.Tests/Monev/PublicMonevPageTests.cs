using System.Globalization;
using Lapor.Web.Tests.Console;
using Microsoft.Playwright;

namespace Lapor.Web.Tests.Monev;

/// <summary>The public performance page (<c>/monev</c>): anyone moves up and down the tree or finds an agency by name.</summary>
[Collection(WebCollection.Name)]
public sealed class PublicMonevPageTests(WebHost host)
{
    [BrowserFact]
    public async Task The_public_ranking_shows_each_agency_below_with_its_own_public_figures_and_any_agency_is_found_by_name()
    {
        using var client = host.Client();
        await StaffSession.RoutedAsync(client, "kota-malang");
        var page = await host.PageAsync(phone: true);

        // Each row of Jawa Timur's ranking is the figure that agency's own public view gives (read in one call, kept).
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            await page.GotoAsync("/monev?instansi=prov-jatim&periode=year");
            var rows = page.GetByTestId("peringkat").Locator("tbody tr");
            var count = await rows.CountAsync();
            for (var i = 0; i < count; i++)
            {
                var link = rows.Nth(i).GetByRole(AriaRole.Link);
                var id = new Uri(host.BaseAddress, await link.GetAttributeAsync("href")).Query.Split('&')[0].Split('=')[1];
                var own = await client.ReadAsync($"/api/public/monev/agencies/{id}?period=year");
                var received = own["total"]!["received"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
                if (await rows.Nth(i).Locator("td").Nth(2).InnerTextAsync() != received)
                {
                    return false;
                }
            }

            return count > 0;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1)), "a ranking row differs from that agency's public figures");

        // The picker: the way up and the level below; any other agency by words of its name.
        var offered = await page.Locator("#f-instansi option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(["nasional", "prov-jatim"], offered.Take(2));
        Assert.Contains("kota-malang", offered);
        Assert.DoesNotContain("malang-dishub", offered);
        await page.GetByLabel("Cari instansi lain").FillAsync("dinas kesehatan malang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cari", Exact = true }).ClickAsync();
        await page.GetByTestId("hasil-instansi").GetByRole(AriaRole.Link, new() { Name = "Dinas Kesehatan Kota Malang" }).ClickAsync();
        Assert.Contains("instansi=malang-dinkes", page.Url, StringComparison.Ordinal);
        Assert.Equal("malang-dinkes", await page.Locator("#f-instansi").InputValueAsync());
    }

    [BrowserFact]
    public async Task The_public_feed_filters_by_an_agency_found_by_name()
    {
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync("/publik");
        await page.GetByLabel("Cari instansi lain").FillAsync("pemerintah kota malang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cari", Exact = true }).ClickAsync();
        await page.GetByTestId("hasil-instansi").GetByRole(AriaRole.Link, new() { Name = "Pemerintah Kota Malang", Exact = true }).ClickAsync();
        Assert.Equal("kota-malang", await page.Locator("#f-instansi").InputValueAsync());
        var offered = await page.Locator("#f-instansi option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(["", "nasional", "prov-jatim", "kota-malang"], offered.Take(4));
    }
}
