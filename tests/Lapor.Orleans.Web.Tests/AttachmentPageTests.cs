using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lapor.Api.Tests.Attachments;
using Lapor.Web.Tests.Console;
using Microsoft.Playwright;

namespace Lapor.Web.Tests;

/// <summary>Photos and documents filed with the report form: stored through the upload pipeline, seen by the reporter and the officer.</summary>
[Collection(WebCollection.Name)]
public sealed partial class AttachmentPageTests(WebHost host)
{
    [GeneratedRegex(@"/lacak\?kode=")]
    private static partial Regex TrackPage();

    [BrowserFact]
    public async Task A_photo_larger_than_the_json_limit_filed_from_a_phone_downloads_for_the_reporter_without_location_and_in_the_console_as_the_original()
    {
        var photo = TestFiles.JpegOfAtLeast(400_000);
        var page = await host.PageAsync(phone: true);
        await page.GotoAsync("/lapor");
        await ReportForm.FillAsync(page, "Jalan berlubang di depan pasar", "Lubang besar di Jl. Pasar Besar membahayakan pengendara motor.", "Infrastruktur");
        await page.GetByLabel("Foto atau dokumen").SetInputFilesAsync(new FilePayload { Name = "jalan-rusak.jpg", MimeType = "image/jpeg", Buffer = photo });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Simpan ini sekarang" })).ToBeVisibleAsync();
        var code = (await page.GetByTestId("kode").InnerTextAsync()).Trim();
        var secret = (await page.GetByTestId("rahasia").InnerTextAsync()).Trim();

        // The report's first entry carries the file, as if an API client had uploaded it and named its id.
        using var client = host.Client();
        var files = await ReporterFilesAsync(client, code, secret);
        Assert.Equal("jalan-rusak.jpg", (string?)Assert.Single(files)!["fileName"]);

        // The reporter sees it on the track page.
        await page.GotoAsync($"/lacak?kode={Uri.EscapeDataString(code)}");
        await page.GetByLabel("Kata rahasia").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka laporan" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("lampiran")).ToContainTextAsync("jalan-rusak.jpg");

        // ... and downloads the copy without location metadata (comments, XMP and Exif gone), the secret in a post body.
        var copy = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("lampiran").GetByRole(AriaRole.Button, new() { Name = "jalan-rusak.jpg" }).ClickAsync());
        var stripped = await File.ReadAllBytesAsync(await copy.PathAsync());
        Assert.Equal([0xFF, 0xD8], stripped[..2]);
        Assert.True(stripped.Length < 100_000, $"{stripped.Length} bytes");
        Assert.DoesNotContain(TestFiles.XmpMarker, Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);

        // A tampered secret gets the track form back, never the file.
        await page.Locator("[data-testid=lampiran] input[name='Track.Secret']").First.EvaluateAsync("e => e.value = 'bukan-rahasianya'");
        await page.GetByTestId("lampiran").GetByRole(AriaRole.Button, new() { Name = "jalan-rusak.jpg" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(TrackPage());
        await Assertions.Expect(page.GetByLabel("Kata rahasia")).ToBeEmptyAsync();
        await Assertions.Expect(page.GetByTestId("lampiran")).ToHaveCountAsync(0);

        // Admin Nasional downloads the original from the complaint page, byte for byte.
        var admin = await StaffSession.SignInAsync(host, "admin.nasional");
        await admin.GotoAsync($"/konsol/laporan/{code}");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByTestId("lampiran").GetByRole(AriaRole.Link, new() { Name = "jalan-rusak.jpg" }).ClickAsync());
        Assert.Equal(photo, await File.ReadAllBytesAsync(await download.PathAsync()));

        // The download path is behind the console's sign-in and the complaint's scope.
        var path = new Uri(await admin.GetByTestId("lampiran").GetByRole(AriaRole.Link).GetAttributeAsync("href") ?? "", UriKind.Relative);
        using (var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress })
        using (var refused = await anonymous.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/masuk", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var outsider = await StaffSession.SignInAsync(host, "petugas.dishub");
        var outside = await outsider.APIRequest.GetAsync(path.ToString());
        Assert.Equal(404, outside.Status);
    }

    [BrowserFact]
    public async Task A_refused_file_is_named_at_the_file_field_and_the_form_keeps_the_text_and_the_files_already_stored()
    {
        var page = await host.PageAsync(phone: false);
        await page.GotoAsync("/lapor");
        await ReportForm.FillAsync(page, "Sampah menumpuk di taman kota", "Sampah tidak diangkut selama seminggu di Taman Merbabu.", "Lingkungan Hidup");
        await AgencyChoice.ChooseAsync(page.GetByTestId("instansi-tujuan"), "Instansi tujuan", "kota malang", "kota-malang");
        await page.GetByLabel("Foto atau dokumen").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "taman.png", MimeType = "image/png", Buffer = TestFiles.PngWithText() },
            new FilePayload { Name = "catatan.jpg", MimeType = "image/jpeg", Buffer = Encoding.UTF8.GetBytes("ini bukan gambar, hanya catatan") },
        });
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("catatan.jpg");
        await Assertions.Expect(page.GetByLabel("Judul")).ToHaveValueAsync("Sampah menumpuk di taman kota");
        await Assertions.Expect(page.GetByLabel("Jenis laporan")).ToHaveValueAsync("complaint");
        await Assertions.Expect(page.Locator("input[name='Form.TargetAgencyId'][value='kota-malang']")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("lampiran-terunggah")).ToContainTextAsync("taman.png");

        // Sent again without choosing files: the stored one goes with the report, nothing is asked twice.
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Simpan ini sekarang" })).ToBeVisibleAsync();
        var code = (await page.GetByTestId("kode").InnerTextAsync()).Trim();
        var secret = (await page.GetByTestId("rahasia").InnerTextAsync()).Trim();
        using var client = host.Client();
        Assert.Equal("taman.png", (string?)Assert.Single(await ReporterFilesAsync(client, code, secret))!["fileName"]);
    }

    [BrowserFact]
    public async Task An_officer_follows_up_with_a_photo_from_the_console_and_the_reporter_sees_it_after_a_refused_file_kept_the_text()
    {
        using var client = host.Client();
        var filed = await StaffSession.FiledThenAsync(client, "route", new { agencyId = "malang-dishub" });

        var officer = await StaffSession.SignInAsync(host, "petugas.dishub");
        await officer.GotoAsync($"/konsol/laporan/{filed.Code}");
        var followUp = officer.GetByTestId("aksi-follow-up");
        await followUp.GetByLabel("Pesan").FillAsync("Lubang sudah ditambal, foto terlampir.");
        await followUp.GetByLabel("Foto atau dokumen").SetInputFilesAsync(
            new FilePayload { Name = "rusak.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\nterpotong") });
        var response = await officer.RunAndWaitForResponseAsync(() => followUp.GetByRole(AriaRole.Button, new() { Name = "Kirim tindak lanjut" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(officer.GetByRole(AriaRole.Alert)).ToContainTextAsync("rusak.pdf");
        await Assertions.Expect(followUp.GetByLabel("Pesan")).ToHaveValueAsync("Lubang sudah ditambal, foto terlampir.");

        await followUp.GetByLabel("Foto atau dokumen").SetInputFilesAsync(
            new FilePayload { Name = "sesudah.png", MimeType = "image/png", Buffer = TestFiles.PngWithText() });
        await followUp.GetByRole(AriaRole.Button, new() { Name = "Kirim tindak lanjut" }).ClickAsync();
        await Assertions.Expect(officer.GetByTestId("berhasil")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByTestId("lampiran")).ToContainTextAsync("sesudah.png");

        // The follow-up entry carries it, and the reporter gets it with the secret.
        var view = await client.ReporterViewAsync(filed.Code, filed.Secret);
        var entry = view["timeline"]!.AsArray().Last(e => (string?)e!["action"] == "follow-up");
        Assert.Single(entry!["attachments"]!.AsArray());
        Assert.Equal("sesudah.png", (string?)Assert.Single(await ReporterFilesAsync(client, filed.Code, filed.Secret))!["fileName"]);
    }

    [BrowserFact]
    public async Task A_reporter_asked_for_information_sends_a_document_from_the_track_page()
    {
        using var client = host.Client();
        var filed = await StaffSession.FiledThenAsync(client, "hold", new { message = "Mohon lampirkan bukti pembayaran." });

        var page = await host.PageAsync(phone: true);
        await page.GotoAsync($"/lacak?kode={Uri.EscapeDataString(filed.Code)}");
        await page.GetByLabel("Kata rahasia").FillAsync(filed.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka laporan" }).ClickAsync();
        await page.GetByLabel("Informasi yang diminta").FillAsync("Bukti pembayaran retribusi terlampir.");
        await page.GetByLabel("Foto atau dokumen").SetInputFilesAsync(new FilePayload { Name = "kuitansi.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim informasi" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Informasi Anda terkirim");
        await Assertions.Expect(page.GetByTestId("lampiran")).ToContainTextAsync("kuitansi.pdf");
        await Assertions.Expect(page.GetByTestId("lampiran-terunggah")).ToHaveCountAsync(0);

        var view = await client.ReporterViewAsync(filed.Code, filed.Secret);
        var entry = view["timeline"]!.AsArray().Last(e => (string?)e!["action"] == "information-supplied");
        Assert.Single(entry!["attachments"]!.AsArray());
    }

    private static async Task<JsonArray> ReporterFilesAsync(LaporClient client, string code, string secret)
    {
        using var response = await client.GetAsync($"/api/reporter/complaints/{code}/attachments", secret: secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}
