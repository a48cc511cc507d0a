using Microsoft.Playwright;

namespace Lapor.Web.Tests.Console;

/// <summary>A staff member signed in through the sign-in page (the cookie session), in a fresh browser context.</summary>
public static class StaffSession
{
    public static async Task<IPage> SignInAsync(WebHost host, string username, bool phone = false)
    {
        ArgumentNullException.ThrowIfNull(host);
        var page = await host.PageAsync(phone);
        await page.GotoAsync("/masuk");
        await page.GetByLabel("Nama pengguna").FillAsync(username);
        await page.GetByLabel("Kata sandi").FillAsync("lapor-demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A fresh unit under <paramref name="parentId"/> whose first response is due one minute after routing.</summary>
    public static Task<string> QuickUnitAsync(LaporClient client, string parentId) =>
        client.DefineAgencyAsync("uji-cepat", parentId, "unit", new { firstResponse = new { amount = 1, unit = "minutes" } });

    /// <summary>Files a report and routes it to <paramref name="agencyId"/> as Admin Nasional.</summary>
    public static async Task<string> RoutedAsync(LaporClient client, string agencyId, ReportBuilder? report = null) =>
        (await FiledThenAsync(client, "route", new { agencyId }, report)).Code;

    /// <summary>Files a report, then Admin Nasional takes <paramref name="action"/> on it (route, hold, ...).</summary>
    public static async Task<LaporClient.Submitted> FiledThenAsync(LaporClient client, string action, object body, ReportBuilder? report = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var filed = await client.SubmitAsync(report);
        using var response = await client.PostAsync($"/api/complaints/{filed.Code}/{action}", body, user: "admin.nasional");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return filed;
    }
}
