using Lapor.Web.Tests.Console;
using Microsoft.Playwright;

namespace Lapor.Web.Tests;

/// <summary>One complaint from the citizen's phone to its rating, every step on the pages a person uses.</summary>
[Collection(WebCollection.Name)]
public sealed class WholeLifeTests(WebHost host)
{
    [BrowserFact]
    public async Task A_citizen_files_on_a_phone_staff_route_and_resolve_it_on_the_console_and_the_citizen_confirms_rates_and_reopens()
    {
        using var client = host.Client();
        var unit = await StaffSession.QuickUnitAsync(client, "malang-dishub");

        // The citizen files on a phone and keeps the code and the secret.
        var citizen = await host.PageAsync(phone: true);
        await citizen.GotoAsync("/lapor");
        await ReportForm.FillAsync(citizen, "Trotoar berlubang di depan sekolah", "Lubang besar di trotoar Jl. Semeru, anak-anak hampir terperosok.",
            "Pekerjaan Umum");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();
        var code = (await citizen.GetByTestId("kode").InnerTextAsync()).Trim();
        var secret = (await citizen.GetByTestId("rahasia").InnerTextAsync()).Trim();

        // Admin Nasional verifies and routes it from the complaint page.
        var admin = await StaffSession.SignInAsync(host, "admin.nasional");
        await admin.GotoAsync($"/konsol/laporan/{code}");
        await Assertions.Expect(admin.GetByTestId("status")).ToHaveTextAsync("Belum Terverifikasi");
        var route = admin.GetByTestId("aksi-route");
        await admin.Locator("details", new() { Has = route }).Locator("summary").ClickAsync(); // the actions start folded
        await AgencyChoice.ChooseAsync(route.GetByTestId("instansi-route"), "Instansi tujuan", unit, unit);
        await route.GetByRole(AriaRole.Button, new() { Name = "Disposisikan" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("status")).ToHaveTextAsync("Terverifikasi/Belum Ditindaklanjuti");

        // The unit's officer sees it in the inbox; the badge appears once half of its one-minute limit is used.
        var officer = await StaffSession.SignInAsync(host, "petugas.dishub");
        var item = officer.Locator($"[data-code='{code}']");
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            await officer.GotoAsync($"/konsol?instansi={unit}");
            return await item.GetByTestId("lencana").CountAsync() == 1;
        }, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(2)), "no deadline badge on the routed complaint");

        await item.GetByRole(AriaRole.Link).ClickAsync();
        var followUp = officer.GetByTestId("aksi-follow-up");
        await followUp.GetByLabel("Pesan").FillAsync("Tim sudah memasang pembatas di sekitar lubang.");
        await followUp.GetByRole(AriaRole.Button, new() { Name = "Kirim tindak lanjut" }).ClickAsync();
        await Assertions.Expect(officer.GetByTestId("status")).ToHaveTextAsync("Proses");
        var resolve = officer.GetByTestId("aksi-resolve");
        await resolve.GetByLabel("Pesan").FillAsync("Trotoar sudah ditambal.");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Nyatakan selesai" }).ClickAsync();
        await Assertions.Expect(officer.GetByTestId("status")).ToHaveTextAsync("Selesai");

        // The citizen tracks it, sees the officers' messages, confirms with a rating, then reopens it.
        await citizen.GotoAsync($"/lacak?kode={Uri.EscapeDataString(code)}");
        await citizen.GetByLabel("Kode pelacakan").FillAsync(code);
        await citizen.GetByLabel("Kata rahasia").FillAsync(secret);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Buka laporan" }).ClickAsync();
        await Assertions.Expect(citizen.GetByTestId("status")).ToHaveTextAsync("Selesai");
        var timeline = citizen.GetByRole(AriaRole.List, new() { Name = "Riwayat laporan" });
        await Assertions.Expect(timeline).ToContainTextAsync("Trotoar sudah ditambal.");

        await citizen.GetByLabel("5", new() { Exact = true }).CheckAsync();
        await citizen.GetByLabel("Komentar (tidak wajib)").FillAsync("Cepat sekali, terima kasih.");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Konfirmasi selesai" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Laporan ditutup");
        await Assertions.Expect(citizen.GetByTestId("status")).ToHaveTextAsync("Ditutup");
        var closed = await client.ReporterViewAsync(code, secret);
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.Equal(5, closed["rating"]!.GetValue<int>());

        await citizen.GetByLabel("Alasan").FillAsync("Tambalannya sudah retak lagi.");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Buka kembali laporan" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Laporan dibuka kembali");
        var reopened = await client.ReporterViewAsync(code, secret);
        Assert.Equal(("inProgress", 1), (reopened["status"]!.GetValue<string>(), reopened["reopenCount"]!.GetValue<int>()));
        Assert.Contains(reopened["timeline"]!.AsArray(), e => (string?)e!["action"] == "reopened");
    }
}
