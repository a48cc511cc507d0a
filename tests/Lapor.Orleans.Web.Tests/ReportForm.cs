using Microsoft.Playwright;

namespace Lapor.Web.Tests;

/// <summary>The citizen's report form (<c>/lapor</c>), filled as a person does: field by label.</summary>
public static class ReportForm
{
    public static async Task FillAsync(IPage page, string title, string body, string category, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Jenis laporan").SelectOptionAsync("complaint");
        await page.GetByLabel("Judul").FillAsync(title);
        await page.GetByLabel("Isi laporan").FillAsync(body);
        await page.GetByLabel("Tanggal kejadian").FillAsync("2026-11-20");
        await page.GetByLabel("Kode wilayah").FillAsync("35.73");
        await page.GetByLabel("Kategori").FillAsync(category);
        if (name is not null)
        {
            await page.GetByLabel("Nama", new() { Exact = true }).FillAsync(name);
        }
    }
}
