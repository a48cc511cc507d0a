using System.Net;
using Microsoft.Playwright;

namespace Lapor.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class ConsolePageTests(WebHost host)
{
    private static readonly string[] BadgeLevels = ["50", "75", "overdue"];

    [BrowserFact]
    public async Task The_complaint_page_says_why_no_reporter_is_shown_anonymous_erased_or_none_given()
    {
        using var client = host.Client();
        var anonymous = await client.SubmitAsync(new ReportBuilder { Anonymous = true });
        var erased = await client.SubmitAsync(new ReportBuilder { Reporter = new("Wulan Sari", "wulan.sari@example.id", null) });
        var none = await client.SubmitAsync(new ReportBuilder { Reporter = null });
        var request = await client.SendAsync(HttpMethod.Delete, $"/api/reporter/complaints/{erased.Code}/personal-data", secret: erased.Secret);
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        var page = await StaffSession.SignInAsync(host, "admin.nasional");

        foreach (var (code, says) in new[]
                 {
                     (anonymous.Code, "Pelapor anonim"),
                     (erased.Code, "Data pribadi pelapor sudah dihapus"),
                     (none.Code, "Pelapor tidak meninggalkan nama atau kontak"),
                 })
        {
            await page.GotoAsync($"/konsol/laporan/{code}");
            await Assertions.Expect(page.GetByTestId("pelapor-tersembunyi")).ToContainTextAsync(says);
        }
    }

    [BrowserFact]
    public async Task The_inbox_picker_offers_the_way_up_and_the_level_below_and_Admin_Nasional_finds_any_agency_by_name()
    {
        // An officer of Kota Malang's transport office: its own agency and the units below, nothing above it, no search.
        using var client = host.Client();
        var unit = await StaffSession.QuickUnitAsync(client, "malang-dishub");
        var officer = await StaffSession.SignInAsync(host, "petugas.dishub");
        await officer.GotoAsync("/konsol");
        var offered = await officer.Locator("#f-instansi option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal("malang-dishub", offered[0]);
        Assert.Contains(unit, offered);
        Assert.DoesNotContain("kota-malang", offered);
        await Assertions.Expect(officer.GetByLabel("Cari instansi lain")).ToHaveCountAsync(0);

        // Admin Nasional, at a unit: the way up from the root, then the unit's own units.
        var admin = await StaffSession.SignInAsync(host, "admin.nasional");
        await admin.GotoAsync("/konsol?instansi=malang-dishub");
        var fromTop = await admin.Locator("#f-instansi option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(["nasional", "prov-jatim", "kota-malang", "malang-dishub"], fromTop.Take(4));
        Assert.Contains(unit, fromTop.Skip(4));
        Assert.DoesNotContain("malang-dinkes", fromTop);

        // Any agency by words of its name or its parent's; its link opens that inbox.
        await admin.GotoAsync("/konsol");
        await admin.GetByLabel("Cari instansi lain").FillAsync("kependudukan MALANG");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Cari", Exact = true }).ClickAsync();
        await admin.GetByTestId("hasil-instansi").GetByRole(AriaRole.Link, new() { Name = "Dinas Kependudukan dan Pencatatan Sipil Kota Malang" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dinas Kependudukan dan Pencatatan Sipil Kota Malang");
        Assert.Contains("instansi=malang-dispendukcapil", admin.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task An_officer_sees_a_routed_complaint_with_its_deadline_badge_then_follows_up_and_resolves_it()
    {
        using var client = host.Client();
        var unit = await StaffSession.QuickUnitAsync(client, "malang-dishub");
        var code = await StaffSession.RoutedAsync(client, unit, new ReportBuilder { Title = "Rambu dilarang parkir roboh di Jl. Semeru" });

        var page = await StaffSession.SignInAsync(host, "petugas.dishub");
        await page.GotoAsync("/konsol");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dinas Perhubungan Kota Malang");

        // The unit's inbox (below the officer's agency): the complaint carries a badge once half its one-minute limit is
        // used (the complaint's reminder) or it is past due (the page compares the due time with the clock).
        var item = page.Locator($"[data-code='{code}']");
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            await page.GotoAsync($"/konsol?instansi={unit}");
            return await item.GetByTestId("lencana").CountAsync() == 1;
        }, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(2)), "no deadline badge on the routed complaint");
        Assert.Contains(await item.GetByTestId("lencana").GetAttributeAsync("data-level"), BadgeLevels);
        var inbox = await client.InboxAsync(unit, "petugas.dishub");
        Assert.Contains(code, inbox.ToJsonString(), StringComparison.Ordinal);
        await Screens.TakeAsync(page, "desktop-console-inbox");

        await item.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Terverifikasi/Belum Ditindaklanjuti");
        await Assertions.Expect(page.GetByTestId("tenggat")).ToContainTextAsync("WIB");

        // Staff see the internal entries the API's staff view carries (the deadline warnings), each marked internal.
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            await page.ReloadAsync();
            var timeline = (await client.StaffViewAsync(code, "petugas.dishub"))["timeline"]!.AsArray();
            var internals = timeline.Count(e => e!["visibility"]!.GetValue<string>() == "internal");
            return internals == await page.GetByTestId("internal").CountAsync();
        }, TimeSpan.FromSeconds(20)), "the page's internal entries differ from the API's staff view");
        await Screens.TakeAsync(page, "desktop-console-complaint");

        var followUp = page.GetByTestId("aksi-follow-up");
        await followUp.GetByLabel("Pesan").FillAsync("Petugas sudah meninjau lokasi; rambu dipasang ulang besok pagi.");
        await followUp.GetByRole(AriaRole.Button, new() { Name = "Kirim tindak lanjut" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("berhasil")).ToContainTextAsync("Tindak lanjut");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Proses");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Riwayat laporan" })).ToContainTextAsync("rambu dipasang ulang besok pagi");

        var resolve = page.GetByTestId("aksi-resolve");
        await resolve.GetByLabel("Pesan").FillAsync("Rambu sudah dipasang kembali.");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Nyatakan selesai" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Selesai");
        var view = await client.StaffViewAsync(code);
        Assert.Equal("resolved", view["status"]!.GetValue<string>());

        var phone = await StaffSession.SignInAsync(host, "petugas.dishub", phone: true);
        await phone.GotoAsync($"/konsol?instansi={unit}&overdue=false");
        await Screens.TakeAsync(phone, "phone-console-inbox");
        await phone.GotoAsync($"/konsol/laporan/{code}");
        await Screens.TakeAsync(phone, "phone-console-complaint");
    }

    [BrowserFact]
    public async Task A_form_with_a_stale_version_answers_412_with_the_reload_message_and_keeps_the_typed_text()
    {
        using var client = host.Client();
        var code = await StaffSession.RoutedAsync(client, "malang-dishub");
        var page = await StaffSession.SignInAsync(host, "petugas.dishub");
        await page.GotoAsync($"/konsol/laporan/{code}");

        // Someone else answers first (through the API, without If-Match): the page's version is now stale.
        using (var other = await client.PostAsync($"/api/complaints/{code}/follow-ups", new { message = "Sudah kami terima." }, user: "petugas.dishub"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        const string typed = "Tim kami menuju lokasi siang ini.";
        var form = page.GetByTestId("aksi-follow-up");
        await form.GetByLabel("Pesan").FillAsync(typed);
        var response = await page.RunAndWaitForResponseAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Kirim tindak lanjut" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(412, response.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Laporan ini baru saja diubah orang lain — muat ulang");
        await Assertions.Expect(page.GetByTestId("aksi-follow-up").GetByLabel("Pesan")).ToHaveValueAsync(typed);
        var timeline = (await client.StaffViewAsync(code))["timeline"]!.ToJsonString();
        Assert.DoesNotContain(typed, timeline, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Bad_input_on_an_action_form_reshows_it_with_the_fields_message()
    {
        using var client = host.Client();
        var code = await StaffSession.RoutedAsync(client, "malang-dishub");
        var page = await StaffSession.SignInAsync(host, "petugas.dishub");
        await page.GotoAsync($"/konsol/laporan/{code}");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("aksi-resolve").GetByRole(AriaRole.Button, new() { Name = "Nyatakan selesai" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Pesan");
        await Assertions.Expect(page.Locator("#f-message-galat")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task The_inbox_pages_by_cursor_with_its_filters_and_never_repeats_a_complaint()
    {
        using var client = host.Client();
        var unit = await client.DefineAgencyAsync("uji-halaman", "malang-dishub", "unit");
        var codes = new List<string>();
        for (var i = 0; i < 53; i++)
        {
            codes.Add(await StaffSession.RoutedAsync(client, unit, new ReportBuilder { Title = $"Laporan halaman {i:00}", Category = i % 2 == 0 ? "Parkir" : "Rambu" }));
        }

        var page = await StaffSession.SignInAsync(host, "petugas.dishub");
        await page.GotoAsync($"/konsol?instansi={unit}&sort=oldest");
        var first = await page.GetByTestId("laporan").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.code)");
        Assert.Equal(50, first.Length);
        Assert.Equal(codes.Take(50), first);
        var next = await page.GetByTestId("berikutnya").GetAttributeAsync("href");
        Assert.Contains("cursor=", next, StringComparison.Ordinal);
        Assert.DoesNotContain("offset", next, StringComparison.OrdinalIgnoreCase);
        await page.GetByTestId("berikutnya").ClickAsync();
        var second = await page.GetByTestId("laporan").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.code)");
        Assert.Equal(codes.Skip(50), second);
        Assert.Equal(0, await page.GetByTestId("berikutnya").CountAsync());

        // A filter narrows the page the same way the API's inbox does.
        await page.GotoAsync($"/konsol?instansi={unit}&sort=newest&category=Rambu");
        var filtered = await page.GetByTestId("laporan").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.code)");
        var api = (await client.ReadAsync($"/api/agencies/{unit}/inbox?sort=newest&category=Rambu", "petugas.dishub"))["items"]!.AsArray()
            .Select(i => i!["complaintId"]!.GetValue<string>()).ToArray();
        Assert.Equal(26, filtered.Length);
        Assert.Equal(api, filtered);

        // A cursor written for another order is the field's message, not a 500.
        Assert.Equal(400, (await page.GotoAsync($"/konsol?instansi={unit}&sort=newest&{next!.Split('?')[1].Split('&').First(q => q.StartsWith("cursor=", StringComparison.Ordinal))}"))!.Status);
        await Assertions.Expect(page.Locator("#galat")).ToContainTextAsync("Halaman");
    }
}
