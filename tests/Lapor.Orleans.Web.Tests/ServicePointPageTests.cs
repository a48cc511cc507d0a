using System.Net;
using Microsoft.Playwright;

namespace Lapor.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class ServicePointPageTests(WebHost host)
{
    [BrowserFact]
    public async Task Admin_Nasional_picks_among_the_level_below_or_finds_any_agency_by_name_for_its_service_points()
    {
        var page = await Console.StaffSession.SignInAsync(host, "admin.nasional");
        await page.GotoAsync("/titik-layanan");
        var offered = await page.Locator("#f-instansi option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal("nasional", offered[0]);
        Assert.Contains("prov-jatim", offered);
        Assert.DoesNotContain("kota-malang", offered); // two levels down: through Jawa Timur, or by name

        await page.GetByLabel("Cari instansi lain").FillAsync("pemerintah kota malang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cari", Exact = true }).ClickAsync();
        await page.GetByTestId("hasil-instansi").GetByRole(AriaRole.Link, new() { Name = "Pemerintah Kota Malang", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Titik layanan Pemerintah Kota Malang" })).ToBeVisibleAsync();
        Assert.Equal("kota-malang", await page.Locator("#f-instansi").InputValueAsync());
    }

    [BrowserFact]
    public async Task Scanning_a_service_points_QR_target_files_with_its_agency_chosen_and_channel_QrCode()
    {
        using var client = host.Client();
        using var created = await client.PostAsync("/api/agencies/kota-malang/service-points",
            new { name = "Loket Mal Pelayanan Publik", address = "Jl. Merdeka Selatan 1, Malang" }, user: "admin.malang");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var point = await LaporClient.JsonAsync(created);
        var target = new Uri((string)point["formUrl"]!);
        Assert.Equal("/lapor", target.AbsolutePath);

        using var png = await client.Http.GetAsync(new Uri((string)point["qrPngUrl"]!).PathAndQuery);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);

        // The phone opens what the QR code holds.
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync(target.PathAndQuery);
        await Assertions.Expect(page.GetByTestId("titik-layanan")).ToContainTextAsync("Loket Mal Pelayanan Publik");
        await Assertions.Expect(page.GetByTestId("titik-layanan")).ToContainTextAsync("Kota Malang");
        await Assertions.Expect(page.GetByTestId("instansi-tujuan")).ToHaveCountAsync(0);
        await ReportForm.FillAsync(page, "Antrean loket tidak bergerak", "Sudah dua jam antrean di loket tidak dilayani.", "Kependudukan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();
        var code = (await page.GetByTestId("kode").InnerTextAsync()).Trim();

        var staff = await client.StaffViewAsync(code, "admin.malang");
        Assert.Equal("qrCode", (string?)staff["channel"]);
        Assert.Equal("kota-malang", (string?)staff["targetAgencyId"]);

        // Counted in monev: Kota Malang's channel mix has the QR report.
        Assert.True(await Eventually.TrueWithinAsync(async () =>
            (await client.ReadAsync("/api/monev/agencies/kota-malang?scope=own&period=year&from=2026&to=2026", "admin.malang"))
                .ToJsonString().Contains("\"QrCode\"", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(20)),
            "the QR report never reached Kota Malang's channel mix");

        // The printable poster shows the code image and the address.
        var poster = await host.PageAsync(phone: false);
        await poster.GotoAsync(new Uri((string)point["posterUrl"]!).PathAndQuery);
        await Assertions.Expect(poster.GetByRole(AriaRole.Img, new() { Name = "Kode QR menuju formulir laporan untuk Loket Mal Pelayanan Publik" })).ToBeVisibleAsync();
        await Screens.TakeAsync(poster, "desktop-poster");
    }

    [BrowserFact]
    public async Task An_agency_admin_adds_a_service_point_on_the_page_after_signing_in_with_the_cookie()
    {
        var page = await host.PageAsync(phone: false);
        var denied = await page.GotoAsync("/titik-layanan");
        Assert.Contains("/masuk", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Nama pengguna").FillAsync("admin.malang");
        await page.GetByLabel("Kata sandi").FillAsync("lapor-demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Titik layanan dan kode QR" })).ToBeVisibleAsync();
        await page.GetByLabel("Nama titik layanan").FillAsync("Loket Dispendukcapil");
        await page.GetByLabel("Alamat").FillAsync("Jl. Mayjen Sungkono, Malang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tambah" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ditambahkan");
        await Assertions.Expect(page.GetByTestId("titik").Filter(new() { HasText = "Loket Dispendukcapil" })).ToBeVisibleAsync();
        await Screens.TakeAsync(page, "desktop-service-points");

        // The cookie never authenticates the API: it keeps asking for a bearer token.
        var api = await page.APIRequest.PostAsync("/api/agencies/kota-malang/service-points",
            new() { DataObject = new { name = "Lewat cookie", address = "Tidak boleh berhasil" } });
        Assert.Equal(401, api.Status);
    }

    [BrowserFact]
    public async Task An_officer_is_refused_the_service_points_page()
    {
        var page = await host.PageAsync(phone: false);
        await page.GotoAsync("/masuk");
        await page.GetByLabel("Nama pengguna").FillAsync("petugas.dishub");
        await page.GetByLabel("Kata sandi").FillAsync("lapor-demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await page.GotoAsync("/titik-layanan");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anda tidak berwenang membuka halaman ini" })).ToBeVisibleAsync();
    }
}
