using System.Net;
using System.Net.Http.Json;
using Lapor.Web.Tests.Console;
using Microsoft.Playwright;

namespace Lapor.Web.Tests.Administration;

[Collection(WebCollection.Name)]
public sealed class AdminPageTests(WebHost host)
{
    private static async Task<IResponse> SubmitAsync(IPage page, string form)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId(form).GetByRole(AriaRole.Button).Last.ClickAsync(),
            r => r.Request.Method == "POST");
        return response;
    }

    [BrowserFact]
    public async Task An_agency_defined_through_the_API_is_offered_by_the_pages_pickers_at_once()
    {
        var page = await StaffSession.SignInAsync(host, "admin.nasional");
        await page.GotoAsync("/admin/akun"); // the administration pages' agency list is now cached on this host
        using var client = host.Client();
        var id = await client.DefineAgencyAsync("dinas-api", "kota-malang", "unit");

        await page.GotoAsync("/konsol?instansi=kota-malang");
        await Assertions.Expect(page.Locator($"#f-instansi option[value='{id}']")).ToHaveCountAsync(1);
        await page.GotoAsync("/admin/instansi?induk=kota-malang");
        await Assertions.Expect(page.GetByTestId("pohon").Locator($"[data-agency='{id}']")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task The_agency_tree_shows_one_level_under_the_way_up_and_pages_a_level_longer_than_a_hundred()
    {
        using var client = host.Client();
        var province = await client.DefineAgencyAsync("prov-pohon", "nasional", "province");
        var cities = new List<string>();
        foreach (var batch in Enumerable.Range(0, 101).Chunk(10))
        {
            cities.AddRange(await Task.WhenAll(batch.Select(_ => client.DefineAgencyAsync("kota-pohon", province, "regencyCity"))));
        }

        var page = await StaffSession.SignInAsync(host, "admin.nasional");
        await page.GotoAsync($"/admin/instansi?induk={province}");
        await Assertions.Expect(page.GetByTestId("jenjang").GetByRole(AriaRole.Link, new() { Name = "Admin Nasional" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("jenjang")).ToContainTextAsync($"Instansi uji {province}");
        var shown = await page.GetByTestId("pohon").Locator("[data-agency]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.agency)");
        Assert.Equal(100, shown.Length);
        // A new agency goes below the level on view unless another parent is chosen.
        await Assertions.Expect(page.GetByTestId("induk").Locator($"input[type=radio][value='{province}']")).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Berikutnya →" }).ClickAsync();
        var rest = await page.GetByTestId("pohon").Locator("[data-agency]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.agency)");
        Assert.Equal(cities.Order(StringComparer.Ordinal), shown.Concat(rest).Order(StringComparer.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Berikutnya →" })).ToHaveCountAsync(0);

        // A level down from an agency's row, a level up from the way.
        await page.GetByTestId("pohon").Locator($"[data-agency='{rest.Single()}']").GetByRole(AriaRole.Link, new() { Name = $"Instansi di bawah Instansi uji {rest.Single()}" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"Belum ada instansi di bawah Instansi uji {rest.Single()}")).ToBeVisibleAsync();
        await page.GetByTestId("jenjang").GetByRole(AriaRole.Link, new() { Name = "Admin Nasional" }).ClickAsync();
        Assert.EndsWith("induk=nasional", page.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Admin_Nasional_adds_an_agency_under_a_parent_sets_its_SLA_and_sees_it_in_the_tree()
    {
        var id = $"kota-uji-{Guid.NewGuid().ToString("N")[..6]}";
        var page = await StaffSession.SignInAsync(host, "admin.nasional");
        await page.GotoAsync("/admin/instansi");
        var form = page.GetByTestId("tambah-instansi");
        await form.GetByLabel("Kode instansi").FillAsync(id);
        await form.GetByLabel("Nama instansi").FillAsync("Pemerintah Kota Uji");
        await AgencyChoice.ChooseAsync(form.GetByTestId("induk"), "Induk", "jawa timur", "prov-jatim");
        await form.GetByLabel("Tingkat").SelectOptionAsync("regencyCity");
        await form.GetByLabel("Zona waktu").SelectOptionAsync("wita");
        Assert.Equal(200, (await SubmitAsync(page, "tambah-instansi")).Status);
        await Assertions.Expect(page.GetByTestId("berhasil")).ToContainTextAsync("Pemerintah Kota Uji");
        await Assertions.Expect(page.GetByTestId("pohon").Locator($"[data-agency='{id}']")).ToContainTextAsync("WITA");
        await Screens.TakeAsync(page, "desktop-admin-tree");

        using var client = host.Client();
        var agency = await client.ReadAsync($"/api/agencies/{id}");
        Assert.Equal("prov-jatim", agency["parentId"]!.GetValue<string>());
        Assert.Equal("wita", agency["zone"]!.GetValue<string>());

        await page.GetByTestId("pohon").Locator($"[data-agency='{id}']").GetByRole(AriaRole.Link, new() { Name = "Pemerintah Kota Uji", Exact = true }).ClickAsync();
        var sla = page.GetByTestId("sla");
        await sla.GetByLabel("Jumlah").Nth(1).FillAsync("7");
        Assert.Equal(200, (await SubmitAsync(page, "sla")).Status);
        await Assertions.Expect(page.GetByTestId("berhasil")).ToContainTextAsync("Kebijakan SLA disimpan");
        var summary = await client.ReadAsync($"/api/agencies/{id}/summary", "admin.nasional");
        Assert.Equal(7, summary["profile"]!["policy"]!["firstResponse"]!["amount"]!.GetValue<int>());

        var phone = await StaffSession.SignInAsync(host, "admin.nasional", phone: true);
        await phone.GotoAsync("/admin/instansi");
        await Screens.TakeAsync(phone, "phone-admin-tree");
    }

    [BrowserFact]
    public async Task Bad_input_on_each_admin_form_reshows_the_form_with_the_fields_message_never_500()
    {
        var page = await StaffSession.SignInAsync(host, "admin.nasional");

        await page.GotoAsync("/admin/instansi");
        await page.GetByTestId("tambah-instansi").GetByLabel("Kode instansi").FillAsync("Kode Salah!");
        Assert.Equal(400, (await SubmitAsync(page, "tambah-instansi")).Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Kode instansi");
        await Assertions.Expect(page.Locator("#f-id-galat")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-agencyName-galat")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("tambah-instansi").GetByLabel("Kode instansi")).ToHaveValueAsync("Kode Salah!");

        await page.GotoAsync("/admin/instansi/kota-malang");
        await Assertions.Expect(page.GetByTestId("induk").Locator("input[type=radio][value='prov-jatim']")).ToBeCheckedAsync();
        await AgencyChoice.ChooseAsync(page.GetByTestId("ubah-instansi"), "Induk", "perhubungan malang", "malang-dishub");
        Assert.Equal(400, (await SubmitAsync(page, "ubah-instansi")).Status);
        await Assertions.Expect(page.Locator("#f-parentId-galat")).ToContainTextAsync("siklus");

        await page.GotoAsync("/admin/instansi/kota-malang");
        await page.GetByTestId("sla").GetByLabel("Jumlah").First.FillAsync("tiga");
        Assert.Equal(400, (await SubmitAsync(page, "sla")).Status);
        await Assertions.Expect(page.Locator("#f-verification-amount-galat")).ToContainTextAsync("bilangan bulat");
        await page.GetByTestId("sla").GetByLabel("Jumlah").First.FillAsync("0");
        Assert.Equal(400, (await SubmitAsync(page, "sla")).Status);
        await Assertions.Expect(page.Locator("#f-verification-amount-galat")).ToContainTextAsync("antara 1 dan");

        await page.GotoAsync("/admin/kalender?tahun=2031");
        await page.GetByLabel("Sumber (dasar hukum)").FillAsync("SKB uji");
        await page.GetByLabel("Hari libur, satu per baris").FillAsync("2031-01-01;libur;Tahun Baru\n2032-05-01;libur;Salah tahun");
        Assert.Equal(400, (await SubmitAsync(page, "kalender")).Status);
        await Assertions.Expect(page.Locator("#f-days-galat")).ToContainTextAsync("Hari ke-2");
        await Assertions.Expect(page.GetByLabel("Hari libur, satu per baris")).ToHaveValueAsync("2031-01-01;libur;Tahun Baru\n2032-05-01;libur;Salah tahun");

        await page.GotoAsync("/admin/akun");
        await page.GetByTestId("tambah-akun").GetByLabel("Nama pengguna").FillAsync("Bukan Nama");
        Assert.Equal(400, (await SubmitAsync(page, "tambah-akun")).Status);
        await Assertions.Expect(page.Locator("#f-username-galat")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-role-galat")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-agencyId-galat")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_new_calendar_year_is_saved_through_the_calendar_API()
    {
        var page = await StaffSession.SignInAsync(host, "admin.nasional");
        await page.GotoAsync("/admin/kalender?tahun=2035");
        await page.GetByLabel("Sumber (dasar hukum)").FillAsync("SKB 3 Menteri uji 2035");
        await page.GetByLabel("Hari libur, satu per baris").FillAsync("2035-01-01;libur;Tahun Baru 2035\n2035-01-02;cuti;Cuti bersama uji");
        Assert.Equal(200, (await SubmitAsync(page, "kalender")).Status);
        await Assertions.Expect(page.GetByTestId("hari-libur")).ToContainTextAsync("Cuti bersama uji");
        using var client = host.Client();
        var year = await client.ReadAsync("/api/calendar/2035");
        Assert.Equal(2, year["days"]!.AsArray().Count);
        Assert.Equal("cutiBersama", year["days"]![1]!["kind"]!.GetValue<string>());
    }

    [BrowserFact]
    public async Task A_local_account_is_created_with_its_password_shown_once_and_signs_in_and_a_reset_replaces_it()
    {
        var username = $"petugas.uji{Guid.NewGuid().ToString("N")[..6]}";
        var page = await StaffSession.SignInAsync(host, "admin.nasional");
        await page.GotoAsync("/admin/akun");
        var form = page.GetByTestId("tambah-akun");
        await form.GetByLabel("Nama pengguna").FillAsync(username);
        await form.GetByLabel("Nama lengkap").FillAsync("Petugas Uji Dishub");
        await form.GetByLabel("Peran").SelectOptionAsync("officer");
        await AgencyChoice.ChooseAsync(form.GetByTestId("instansi-akun"), "Instansi", "perhubungan malang", "malang-dishub");
        Assert.Equal(200, (await SubmitAsync(page, "tambah-akun")).Status);
        var password = (await page.GetByTestId("kata-sandi").InnerTextAsync()).Trim();
        await Assertions.Expect(page.GetByTestId("akun").Locator($"[data-username='{username}']")).ToContainTextAsync("Pejabat Penghubung");

        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        async Task<HttpStatusCode> SignInAsync(string secret)
        {
            using var answer = await http.PostAsJsonAsync("/api/auth/token", new { username, password = secret });
            return answer.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SignInAsync(password));

        // Shown once: the list page does not carry it again.
        await page.GotoAsync("/admin/akun");
        Assert.DoesNotContain(password, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Buat kata sandi baru untuk {username}" }).ClickAsync();
        var renewed = (await page.GetByTestId("kata-sandi").InnerTextAsync()).Trim();
        Assert.NotEqual(password, renewed);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(renewed));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(password));
    }
}
