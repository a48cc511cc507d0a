using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Lapor.Web.Tests.Console;
using Microsoft.Playwright;

namespace Lapor.Web.Tests.Monev;

[Collection(WebCollection.Name)]
public sealed class DashboardPageTests(WebHost host)
{
    /// <summary>The monev API read with a bearer token from /api/auth/token, as a client of the API would.</summary>
    private async Task<JsonObject> ApiAsync(LaporClient client, string path, string user) => await client.ReadAsync(path, user);

    private static string Number(JsonNode? node) => node is null ? "" : node.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);

    [BrowserFact]
    public async Task The_dashboards_numbers_equal_the_monev_APIs_for_the_same_agency_and_period()
    {
        using var client = host.Client();
        var code = await StaffSession.RoutedAsync(client, "malang-dishub");
        using (var answered = await client.PostAsync($"/api/complaints/{code}/follow-ups", new { message = "Ditangani." }, user: "petugas.dishub"))
        {
            Assert.True(answered.IsSuccessStatusCode);
        }

        await StaffSession.RoutedAsync(client, "malang-dpupr");
        var year = DateTime.UtcNow.AddHours(7).Year.ToString(CultureInfo.InvariantCulture);
        var query = $"period=month&from={year}&to={year}";

        // Wait until the figures include this test's complaints (the roll-up is delivered after the change).
        await Eventually.WaitAsync(() => ApiAsync(client, $"/api/monev/agencies/kota-malang?{query}", "admin.malang"),
            j => j["total"]!["followedUp"]!.GetValue<long>() >= 1, TimeSpan.FromSeconds(30), "kota-malang's figures");

        var page = await StaffSession.SignInAsync(host, "admin.malang");
        await page.GotoAsync($"/dasbor?instansi=kota-malang&{query}");
        var api = await ApiAsync(client, $"/api/monev/agencies/kota-malang?{query}", "admin.malang");
        var total = api["total"]!;
        Assert.Equal(total["received"]!.ToString(), await page.GetByTestId("diterima").GetAttributeAsync("data-value"));
        Assert.Equal(total["followedUp"]!.ToString(), await page.GetByTestId("ditindaklanjuti").GetAttributeAsync("data-value"));
        Assert.Equal(Number(total["followedUpPercent"]), await page.GetByTestId("ditindaklanjuti").GetAttributeAsync("data-percent"));
        Assert.Equal(total["resolved"]!.ToString(), await page.GetByTestId("selesai").GetAttributeAsync("data-value"));
        Assert.Equal(total["escalations"]!.ToString(), await page.GetByTestId("eskalasi").GetAttributeAsync("data-value"));
        Assert.Equal(Number(total["firstResponse"]!["medianWorkingDays"]), await page.GetByTestId("tanggapan").GetAttributeAsync("data-value"));
        var backlog = api["backlog"]!.AsObject().Where(p => p.Key != "total").Sum(p => p.Value!.GetValue<long>());
        Assert.Equal(backlog.ToString(CultureInfo.InvariantCulture), await page.GetByTestId("tunggakan").GetAttributeAsync("data-value"));

        // The chart's table: one row per month with the series endpoint's numbers.
        var series = await ApiAsync(client, $"/api/monev/agencies/kota-malang/series?{query}", "admin.malang");
        var points = series["points"]!.AsArray();
        Assert.Equal(points.Count, await page.GetByTestId("deret").Locator("tbody tr").CountAsync());
        foreach (var point in points)
        {
            var row = page.GetByTestId("deret").Locator($"tr[data-period='{point!["period"]}']");
            Assert.Equal(point["received"]!.ToString(), (await row.Locator("[data-name=received]").InnerTextAsync()).Trim());
            Assert.Equal(point["followedUp"]!.ToString(), (await row.Locator("[data-name=followedUp]").InnerTextAsync()).Trim());
            Assert.Equal(point["resolved"]!.ToString(), (await row.Locator("[data-name=resolved]").InnerTextAsync()).Trim());
        }

        // The ranking: the children endpoint's order and numbers; each name drills down to that agency.
        var ranking = await ApiAsync(client, $"/api/monev/agencies/kota-malang/children?from={year}&to={year}", "admin.malang");
        var rows = page.GetByTestId("peringkat").Locator("tbody tr");
        var children = ranking["children"]!.AsArray();
        Assert.Equal(children.Count, await rows.CountAsync());
        for (var i = 0; i < children.Count; i++)
        {
            Assert.Equal(children[i]!["agencyId"]!.GetValue<string>(), await rows.Nth(i).GetAttributeAsync("data-agency"));
            Assert.Equal(children[i]!["total"]!["received"]!.ToString(), (await rows.Nth(i).Locator("[data-name=received]").InnerTextAsync()).Trim());
        }

        await Screens.TakeAsync(page, "desktop-dashboard");

        // The CSV link gives the API's own export, byte for byte.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv").ClickAsync());
        var csv = await File.ReadAllBytesAsync((await download.PathAsync())!);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/monev/agencies/kota-malang/export.csv?{query}&scope=subtree&lang=id");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.TokenAsync("admin.malang"));
        using var response = await http.SendAsync(request);
        Assert.Equal(await response.Content.ReadAsByteArrayAsync(), csv);

        // Drill-down: national → province → city → OPD, each level's card equal to its own API answer.
        var national = await StaffSession.SignInAsync(host, "admin.nasional", phone: true);
        await national.GotoAsync($"/dasbor?instansi=nasional&{query}");
        await Screens.TakeAsync(national, "phone-dashboard");
        foreach (var next in new[] { "prov-jatim", "kota-malang", "malang-dishub" })
        {
            // Followed by its address (a phone's wide table scrolls sideways; the link is what matters here).
            var href = await national.GetByTestId("peringkat").Locator($"tr[data-agency='{next}'] a").GetAttributeAsync("href");
            await national.GotoAsync(href!);
            await Assertions.Expect(national.GetByTestId("diterima")).ToBeVisibleAsync();
            var figures = await ApiAsync(client, $"/api/monev/agencies/{next}?{query}", "admin.nasional");
            Assert.Equal(figures["total"]!["received"]!.ToString(), await national.GetByTestId("diterima").GetAttributeAsync("data-value"));
            Assert.Contains($"instansi={next}", national.Url, StringComparison.Ordinal);
        }
    }

    [BrowserFact]
    public async Task The_agency_picker_offers_the_way_up_as_far_as_the_user_may_look_and_the_agencies_right_below()
    {
        using var client = host.Client();
        static Task<string[]> OptionsAsync(IPage page) => page.Locator("#f-instansi option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");

        var national = await StaffSession.SignInAsync(host, "admin.nasional");
        await national.GotoAsync("/dasbor?instansi=prov-jatim");
        var below = (await ApiAsync(client, "/api/agencies/prov-jatim", "admin.nasional"))["children"]!.AsArray().Select(c => c!.GetValue<string>());
        var offered = await OptionsAsync(national);
        Assert.Equal(["nasional", "prov-jatim"], offered[..2]);
        Assert.Equal(below.Order(StringComparer.Ordinal), offered[2..].Order(StringComparer.Ordinal));
        Assert.Equal("prov-jatim", await national.Locator("#f-instansi").InputValueAsync());

        // A city's officer starts at the city: nothing above it is offered.
        var city = await StaffSession.SignInAsync(host, "admin.malang");
        await city.GotoAsync("/dasbor?instansi=malang-dishub");
        var fromCity = await OptionsAsync(city);
        Assert.Equal(["kota-malang", "malang-dishub"], fromCity[..2]);
        Assert.DoesNotContain("prov-jatim", fromCity);
        Assert.DoesNotContain("nasional", fromCity);
    }

    [BrowserFact]
    public async Task A_bad_period_reshows_the_dashboard_form_with_the_fields_message()
    {
        var page = await StaffSession.SignInAsync(host, "admin.malang");
        var response = await page.GotoAsync("/dasbor?instansi=kota-malang&period=week&from=2026-13");
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Periode");
        await Assertions.Expect(page.GetByLabel("Periode", new() { Exact = true })).ToBeVisibleAsync();
    }
}
