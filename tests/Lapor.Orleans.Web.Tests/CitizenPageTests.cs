using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lapor.Web.Tests;

[Collection(WebCollection.Name)]
public sealed partial class CitizenPageTests(WebHost host)
{
    [GeneratedRegex(@"^LPR-")]
    private static partial Regex CodePattern();

    [BrowserFact]
    public async Task Every_field_a_citizen_types_into_on_the_report_form_has_a_visible_border()
    {
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync("/lapor");
        var borders = await page.Locator("form input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), form textarea, form select")
            .EvaluateAllAsync<string[]>("fields => fields.map(f => { const s = getComputedStyle(f); return `${f.id}:${s.borderTopStyle}:${s.borderTopWidth}`; })");
        Assert.True(borders.Length >= 10, string.Join(", ", borders));
        Assert.All(borders, b => Assert.EndsWith(":solid:1px", b, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task A_citizen_on_a_phone_finds_the_agency_by_words_of_its_name_keeps_what_was_typed_and_the_report_goes_to_it()
    {
        using var client = host.Client();
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync("/lapor");
        await ReportForm.FillAsync(page, "Halte rusak di Jl. Soekarno-Hatta", "Atap halte bocor dan bangkunya patah.", "Perhubungan");
        var picker = page.GetByTestId("instansi-tujuan");

        // Nothing matches: said so, and nothing typed is lost.
        await picker.GetByLabel("Cari instansi tujuan").FillAsync("tidak ada instansi begini");
        await picker.GetByRole(AriaRole.Button, new() { Name = "Cari", Exact = true }).ClickAsync();
        await Assertions.Expect(picker.GetByRole(AriaRole.Status)).ToContainTextAsync("Tidak ada instansi yang cocok");
        await Assertions.Expect(page.GetByLabel("Judul")).ToHaveValueAsync("Halte rusak di Jl. Soekarno-Hatta");

        // Words of the agency's name and its parent's, in any case; Enter in the search field searches, never submits.
        await picker.GetByLabel("Cari instansi tujuan").FillAsync("PERHUBUNGAN malang");
        await picker.GetByLabel("Cari instansi tujuan").PressAsync("Enter");
        var dishub = picker.GetByRole(AriaRole.Radio, new() { Name = "Dinas Perhubungan Kota Malang — Pemerintah Kota Malang" });
        await dishub.CheckAsync();
        await Assertions.Expect(picker.GetByRole(AriaRole.Radio, new() { Name = "Pemerintah Kota Malang — Pemerintah Provinsi Jawa Timur", Exact = true })).ToHaveCountAsync(0); // "perhubungan" is not in its name
        await Assertions.Expect(page.GetByLabel("Isi laporan")).ToHaveValueAsync("Atap halte bocor dan bangkunya patah.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();

        var code = (await page.GetByTestId("kode").InnerTextAsync()).Trim();
        Assert.Equal("malang-dishub", (string?)(await client.StaffViewAsync(code, "admin.nasional"))["targetAgencyId"]);
    }

    [BrowserFact]
    public async Task A_citizen_files_on_a_phone_gets_code_and_secret_once_and_tracks_the_timeline()
    {
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync("/");
        await Screens.TakeAsync(page, "phone-home");
        await page.GetByRole(AriaRole.Link, new() { Name = "Buat laporan" }).First.ClickAsync();
        await ReportForm.FillAsync(page, "Lampu lalu lintas mati di Ijen", "Lampu di perempatan Jl. Ijen mati sejak kemarin malam.", "Perhubungan", "Budi");
        await Screens.TakeAsync(page, "phone-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Simpan ini sekarang" })).ToBeVisibleAsync();
        var code = (await page.GetByTestId("kode").InnerTextAsync()).Trim();
        var secret = (await page.GetByTestId("rahasia").InnerTextAsync()).Trim();
        Assert.Matches(CodePattern(), code);
        Assert.True(secret.Length >= 10, secret);
        await Screens.TakeAsync(page, "phone-receipt");

        // The receipt downloads as text with both lines.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Unduh tanda terima" }).ClickAsync());
        var receipt = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(code, receipt, StringComparison.Ordinal);
        Assert.Contains(secret, receipt, StringComparison.Ordinal);

        // Tracking: the code is carried to the track page, the secret is typed (never in an address).
        await page.GetByRole(AriaRole.Link, new() { Name = "Saya sudah menyimpannya — lacak laporan" }).ClickAsync();
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Kata rahasia").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka laporan" }).ClickAsync();
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("judul")).ToHaveTextAsync("Lampu lalu lintas mati di Ijen");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Belum Terverifikasi");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Riwayat laporan" })).ToContainTextAsync("Laporan diterima");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("WIB");
        await Screens.TakeAsync(page, "phone-track");

        // The reporter replies from the page; the reply is in the timeline the API shows.
        await page.GetByLabel("Pesan").FillAsync("Lampunya masih mati pagi ini.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim balasan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Riwayat laporan" })).ToContainTextAsync("Lampunya masih mati pagi ini.");
        using var client = host.Client();
        var view = await client.ReporterViewAsync(code, secret);
        Assert.Contains(view["timeline"]!.AsArray(), e => (string?)e!["action"] == "reporter-reply");
    }

    [BrowserFact]
    public async Task A_reporter_erases_their_personal_data_from_the_track_page_after_ticking_that_they_understand()
    {
        using var client = host.Client();
        var filed = await client.SubmitAsync(new ReportBuilder { Reporter = new("Wulan Sari", "wulan.sari@example.id", "+6281377778888") });
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync($"/lacak?kode={Uri.EscapeDataString(filed.Code)}");
        await page.GetByLabel("Kata rahasia").FillAsync(filed.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka laporan" }).ClickAsync();
        var erase = page.GetByRole(AriaRole.Button, new() { Name = "Hapus data pribadi saya" });

        var refused = await page.RunAndWaitForResponseAsync(() => erase.ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Centang pernyataan ini");
        Assert.Equal("Wulan Sari", (string?)(await client.ReporterViewAsync(filed.Code, filed.Secret))["reporter"]?["name"]);

        await page.GetByLabel("Saya mengerti dan ingin data pribadi saya dihapus").CheckAsync();
        await erase.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Data pribadi Anda telah dihapus");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Riwayat laporan" })).ToContainTextAsync("Data pribadi pelapor dihapus");
        await Assertions.Expect(erase).ToHaveCountAsync(0);
        var view = await client.ReporterViewAsync(filed.Code, filed.Secret);
        Assert.Null(view["reporter"]);
        Assert.DoesNotContain("Wulan", view.ToJsonString(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_wrong_secret_shows_the_form_again_with_one_message_for_any_mismatch_never_a_500()
    {
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync("/lacak");
        await page.GetByLabel("Kode pelacakan").FillAsync("LPR-0000000000-000");
        await page.GetByLabel("Kata rahasia").FillAsync("salah");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Buka laporan" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Kode pelacakan atau kata rahasia tidak cocok.");
    }

    [BrowserFact]
    public async Task Bad_input_shows_the_form_again_with_each_fields_message_in_the_error_summary()
    {
        var page = await host.PageAsync(phone: false);
        await page.GotoAsync("/lapor");
        await page.GetByLabel("Judul").FillAsync("abc");
        await page.GetByLabel("Surel").FillAsync("bukan-surel");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, response!.Status);
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Periksa isian berikut");
        await Assertions.Expect(summary).ToContainTextAsync("Judul: Panjang harus 5 sampai 200 karakter.");
        await Assertions.Expect(summary).ToContainTextAsync("Jenis laporan: Wajib diisi");
        await Assertions.Expect(summary).ToContainTextAsync("Surel: Alamat surel tidak valid.");
        // What was typed is kept, and the field says what is wrong, linked for screen readers.
        await Assertions.Expect(page.GetByLabel("Judul")).ToHaveValueAsync("abc");
        await Assertions.Expect(page.GetByLabel("Judul")).ToHaveAttributeAsync("aria-describedby", new Regex("f-title-galat"));
        await Screens.TakeAsync(page, "desktop-form-errors");
    }

    [BrowserFact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var client = host.Client();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "lapor",
            ["Form.Kind"] = "complaint",
            ["Form.Title"] = "Tanpa token anti-pemalsuan",
            ["Form.Body"] = "Isi laporan yang dikirim dari situs lain tanpa token.",
            ["Form.IncidentDate"] = "2026-11-20",
            ["Form.RegionCode"] = "35.73",
            ["Form.Category"] = "Perhubungan",
        });
        using var response = await client.Http.PostAsync("/lapor", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Simpan ini sekarang", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signOut = await client.Http.PostAsync("/keluar", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
    }
}
