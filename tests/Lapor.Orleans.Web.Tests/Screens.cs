using Microsoft.Playwright;

namespace Lapor.Web.Tests;

/// <summary>Screenshots for the README, written to docs/screenshots when LAPOR_SCREENSHOTS=1 (a test's side product).</summary>
public static class Screens
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LAPOR_SCREENSHOTS") != "1")
        {
            return;
        }

        var folder = Path.Combine(Repo.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
