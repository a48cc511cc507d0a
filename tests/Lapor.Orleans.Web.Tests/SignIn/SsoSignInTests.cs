using System.Net;
using System.Net.Http.Json;
using Lapor.Api.Auth;
using Lapor.Api.ServicePoints;
using Microsoft.Playwright;

namespace Lapor.Web.Tests.SignIn;

/// <summary>
/// Staff sign-in on the pages through a real OpenID Connect provider (another site: <c>localhost</c> against the
/// host's <c>127.0.0.1</c>): the code flow with PKCE ends in the staff cookie, whose claims the same policies read.
/// </summary>
[Collection(SsoWebCollection.Name)]
public sealed class SsoSignInTests(SsoWebHost host)
{
    private static readonly OidcProvider.User Officer = new("sso.petugas.dishub", "Petugas Dishub Lewat SSO", Roles.Officer, "malang-dishub");
    private static readonly OidcProvider.User MalangAdmin = new("sso.admin.malang", "Admin Malang Lewat SSO", Roles.AgencyAdmin, "kota-malang");

    [BrowserFact]
    public async Task An_officer_chosen_at_the_provider_signs_in_with_the_SSO_button_and_gets_the_officers_menu()
    {
        host.Provider.SignInNext(Officer);
        var (page, errors) = await PageAsync();
        await page.GotoAsync("/masuk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" }).ClickAsync();
        await AnswerAtProviderAsync(page, "Lanjutkan");

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".lapor-signout")).ToContainTextAsync("Petugas Dishub Lewat SSO (Pejabat Penghubung)");
        // The officer's menu: no administration links.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Titik layanan" })).ToHaveCountAsync(0);
        Assert.StartsWith(host.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);

        // The same role policy as the API's: officers do not manage service points.
        await page.GotoAsync("/titik-layanan");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anda tidak berwenang membuka halaman ini" })).ToBeVisibleAsync();

        // Signing out ends the cookie session.
        await page.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Masuk petugas" })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task An_agency_admin_signed_in_through_SSO_returns_to_the_asked_page_and_is_refused_another_agencys_service_points()
    {
        host.Provider.SignInNext(MalangAdmin);
        var (page, errors) = await PageAsync();
        await page.GotoAsync("/titik-layanan");
        Assert.Contains("/masuk", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" }).ClickAsync();
        await AnswerAtProviderAsync(page, "Lanjutkan");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Titik layanan dan kode QR" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Titik layanan" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".lapor-signout")).ToContainTextAsync("(Admin Instansi)");
        // Only Kota Malang and the units below it can be chosen.
        var choices = await page.GetByLabel("Instansi").Locator("option").AllInnerTextsAsync();
        Assert.Contains(choices, c => c.Contains("Pemerintah Kota Malang", StringComparison.Ordinal));
        Assert.DoesNotContain(choices, c => c.Contains("Provinsi Jawa Timur", StringComparison.Ordinal));

        // The province above is another agency: the API's agency scope refuses the admin there.
        await page.GotoAsync("/titik-layanan?instansi=prov-jatim");
        await page.GetByLabel("Nama titik layanan").FillAsync("Loket yang tidak boleh ada");
        await page.GetByLabel("Alamat").FillAsync("Jl. Pahlawan 110, Surabaya");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tambah" }).ClickAsync();
        await Assertions.Expect(page.GetByText(ServicePointApi.DeniedTitle)).ToBeVisibleAsync();
        using var client = host.Client();
        var points = await client.Http.GetStringAsync(new Uri("/api/public/agencies/prov-jatim/service-points", UriKind.Relative));
        Assert.DoesNotContain("Loket yang tidak boleh ada", points, StringComparison.Ordinal);

        // In its own agency the same admin may add one.
        await page.GotoAsync("/titik-layanan?instansi=kota-malang");
        await page.GetByLabel("Nama titik layanan").FillAsync("Loket SSO Balai Kota");
        await page.GetByLabel("Alamat").FillAsync("Jl. Tugu 1, Malang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tambah" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ditambahkan");
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task A_callback_with_a_forged_state_shows_the_Indonesian_failure_page_and_no_session()
    {
        host.Provider.TamperNextState(Officer);
        var (page, errors) = await PageAsync();
        await page.GotoAsync("/masuk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" }).ClickAsync();
        await AnswerAtProviderAsync(page, "Lanjutkan");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Masuk dengan SSO tidak berhasil" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("kedaluwarsa");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task A_sign_in_cancelled_at_the_provider_shows_the_Indonesian_failure_page()
    {
        host.Provider.SignInNext(Officer);
        var (page, errors) = await PageAsync();
        await page.GotoAsync("/masuk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" }).ClickAsync();
        await AnswerAtProviderAsync(page, "Batal");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Masuk dengan SSO tidak berhasil" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("dibatalkan");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task A_provider_error_shows_the_Indonesian_failure_page_not_a_500()
    {
        host.Provider.FailNext("server_error");
        var (page, errors) = await PageAsync();
        await page.GotoAsync("/masuk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Masuk dengan SSO tidak berhasil" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tidak mengembalikan jawaban yang sah");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task A_provider_account_without_a_Lapor_role_gets_no_session_and_is_told_why()
    {
        host.Provider.SignInNext(new OidcProvider.User("warga.biasa", "Warga Biasa", "citizen", ""));
        var (page, errors) = await PageAsync();
        await page.GotoAsync("/masuk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" }).ClickAsync();
        await AnswerAtProviderAsync(page, "Lanjutkan");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("belum mendapat peran petugas");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task With_a_provider_the_password_form_and_the_demo_and_local_token_endpoints_are_absent()
    {
        var (page, _) = await PageAsync();
        await page.GotoAsync("/masuk");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan SSO instansi" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Nama pengguna")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Kata sandi")).ToHaveCountAsync(0);

        using var client = host.Client();
        foreach (var path in new[] { SignInApi.DevTokenPath, SignInApi.TokenPath })
        {
            using var response = await client.Http.PostAsJsonAsync(path, new { username = "admin.nasional", password = DevTokens.DemoPassword });
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{path}: {response.StatusCode}");
        }

        // The SSO start and callback are page routes: not operations of the API's document.
        var paths = (await client.ReadAsync("/openapi/v1.json"))["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.DoesNotContain(paths, p => p.StartsWith("/masuk", StringComparison.Ordinal));
        Assert.Contains("/api/agencies/{id}/service-points", paths);
    }

    /// <summary>The provider's own page (another site): the staff member goes on or cancels there.</summary>
    private async Task AnswerAtProviderAsync(IPage page, string button)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Penyedia identitas uji" })).ToBeVisibleAsync();
        Assert.StartsWith(host.Provider.IssuerName, page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
    }

    /// <summary>A fresh desktop page that records every answer of 500 or more it receives.</summary>
    private async Task<(IPage Page, List<string> ServerErrors)> PageAsync()
    {
        var page = await host.PageAsync(phone: false);
        var errors = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 500)
            {
                errors.Add($"{r.Status} {r.Url}");
            }
        };
        return (page, errors);
    }
}
