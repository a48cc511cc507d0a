using Microsoft.Playwright;

namespace Lapor.Web.Tests.Console;

/// <summary>The API's authorization matrix, page by page.</summary>
[Collection(WebCollection.Name)]
public sealed class ConsoleAuthorizationTests(WebHost host)
{
    [BrowserFact]
    public async Task An_officer_of_one_OPD_cannot_open_another_agencys_inbox_or_complaint_page()
    {
        using var client = host.Client();
        var code = await StaffSession.RoutedAsync(client, "malang-dishub", new ReportBuilder { Title = "Parkir liar di depan Pasar Besar" });
        var page = await StaffSession.SignInAsync(host, "petugas.dpupr");

        var inbox = await page.GotoAsync("/konsol?instansi=malang-dishub");
        Assert.Equal(403, inbox!.Status);
        Assert.DoesNotContain("Parkir liar di depan Pasar Besar", await page.ContentAsync(), StringComparison.Ordinal);
        using (var api = await client.GetAsync("/api/agencies/malang-dishub/inbox", user: "petugas.dpupr"))
        {
            Assert.Equal(403, (int)api.StatusCode);
        }

        var complaint = await page.GotoAsync($"/konsol/laporan/{code}");
        Assert.Equal(404, complaint!.Status);
        Assert.DoesNotContain("Parkir liar di depan Pasar Besar", await page.ContentAsync(), StringComparison.Ordinal);
        using (var api = await client.GetAsync($"/api/complaints/{code}", user: "petugas.dpupr"))
        {
            Assert.Equal(404, (int)api.StatusCode);
        }

        var dashboard = await page.GotoAsync("/dasbor?instansi=malang-dishub");
        Assert.Equal(403, dashboard!.Status);

        // Administration is Admin Nasional's: the cookie handler sends anyone else to the refusal page.
        await page.GotoAsync("/admin/instansi");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anda tidak berwenang membuka halaman ini" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task An_overseer_reads_the_inbox_complaint_and_dashboard_but_gets_no_action_forms()
    {
        using var client = host.Client();
        var code = await StaffSession.RoutedAsync(client, "malang-dishub");
        var page = await StaffSession.SignInAsync(host, "pengawas");

        Assert.Equal(200, (await page.GotoAsync("/konsol?instansi=malang-dishub"))!.Status);
        Assert.Equal(200, (await page.GotoAsync($"/konsol/laporan/{code}"))!.Status);
        await Assertions.Expect(page.GetByTestId("tanpa-tindakan")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("main form[method=post]").CountAsync());
        Assert.Equal(200, (await page.GotoAsync("/dasbor?instansi=nasional"))!.Status);
        await Assertions.Expect(page.GetByTestId("diterima")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task An_agency_admin_gets_the_admin_actions_and_an_officer_only_follow_up_and_resolve()
    {
        using var client = host.Client();
        var code = await StaffSession.RoutedAsync(client, "malang-dishub");
        var officer = await StaffSession.SignInAsync(host, "petugas.dishub");
        await officer.GotoAsync($"/konsol/laporan/{code}");
        var forms = await officer.Locator("main form[data-testid^=aksi-]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.dataset.testid)");
        Assert.Equal(["aksi-follow-up", "aksi-resolve"], forms);

        var admin = await StaffSession.SignInAsync(host, "admin.malang");
        await admin.GotoAsync($"/konsol/laporan/{code}");
        var adminForms = await admin.Locator("main form[data-testid^=aksi-]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.dataset.testid)");
        Assert.Equal(["aksi-follow-up", "aksi-resolve", "aksi-route-to-unit", "aksi-related", "aksi-not-our-authority"], adminForms);
    }

    [BrowserFact]
    public async Task A_stranger_is_sent_to_sign_in_from_every_staff_page()
    {
        var page = await host.PageAsync(phone: false);
        foreach (var path in new[] { "/konsol", "/konsol/laporan/LPR-0000000000-000", "/dasbor", "/admin/instansi", "/admin/kalender", "/admin/akun", "/dasbor/ekspor.csv" })
        {
            await page.GotoAsync(path);
            Assert.Contains("/masuk", page.Url, StringComparison.Ordinal);
        }
    }

    [BrowserFact]
    public async Task An_anonymous_reporters_name_appears_on_no_staff_page_and_a_named_one_only_where_the_API_shows_it()
    {
        using var client = host.Client();
        var anonymous = await StaffSession.RoutedAsync(client, "malang-dishub", new ReportBuilder
        {
            Title = "Pungli parkir di alun-alun",
            Anonymous = true,
            Reporter = new ReportContact("Sekar Tersembunyi", "sekar.rahasia@example.id", "+6281277778888"),
        });
        var named = await StaffSession.RoutedAsync(client, "malang-dishub", new ReportBuilder
        {
            Title = "Lampu taman mati",
            Reporter = new ReportContact("Bagus Terbuka", "bagus@example.id", "+6281255556666"),
        });

        foreach (var user in new[] { "petugas.dishub", "admin.malang", "admin.nasional", "pengawas" })
        {
            var page = await StaffSession.SignInAsync(host, user);
            foreach (var path in new[] { $"/konsol/laporan/{anonymous}", "/konsol?instansi=malang-dishub", "/dasbor?instansi=malang-dishub" })
            {
                await page.GotoAsync(path);
                var html = await page.ContentAsync();
                Assert.DoesNotContain("Sekar", html, StringComparison.Ordinal);
                Assert.DoesNotContain("sekar.rahasia", html, StringComparison.Ordinal);
                Assert.DoesNotContain("6281277778888", html, StringComparison.Ordinal);
            }

            Assert.Null((await client.StaffViewAsync(anonymous, user))["reporter"]);

            // The named reporter: on the page exactly when the API's view for this role carries the name.
            await page.GotoAsync($"/konsol/laporan/{named}");
            var shown = (await page.ContentAsync()).Contains("Bagus Terbuka", StringComparison.Ordinal);
            var api = (await client.StaffViewAsync(named, user))["reporter"]?["name"]?.GetValue<string>() == "Bagus Terbuka";
            Assert.Equal(api, shown);
        }
    }
}
