using Lapor.Api.Tests;
using Microsoft.Playwright;

namespace Lapor.Web.Tests;

/// <summary>
/// The real API host (as the API tests start it) plus one headless Debian chromium. Without chromium the tests fail
/// under CI (CI=true) with the reason, and skip locally with it.
/// </summary>
public class WebHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ApiHost _api;
    private IPlaywright? _playwright;

    public WebHost()
        : this(new ApiHost())
    {
    }

    /// <summary>The browser against another kind of host (the staff SSO tests' host).</summary>
    protected WebHost(ApiHost api) => _api = api;

    public IBrowser? Browser { get; private set; }

    public Uri BaseAddress => _api.BaseAddress;

    public LaporClient Client() => _api.Client();

    /// <summary>Why the browser tests cannot run here, or null.</summary>
    public static string? Missing() => File.Exists(Path()) ? null
        : $"Chromium tidak ditemukan di {Path()} (apt-get install -y chromium; LAPOR_CHROMIUM=<path>).";

    private static string Path() => Environment.GetEnvironmentVariable("LAPOR_CHROMIUM") is { Length: > 0 } p ? p : ChromiumPath;

    public virtual async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        if (Missing() is not null)
        {
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>The browser, or a failure that names what is missing (only reached under CI, see <see cref="BrowserFactAttribute"/>).</summary>
    private IBrowser RequireBrowser() => Browser ?? throw new InvalidOperationException(Missing() ?? "Chromium tidak berjalan.");

    /// <summary>A fresh browser context: a phone (360×780, touch) or a desktop (1280×900).</summary>
    public async Task<IPage> PageAsync(bool phone)
    {
        var context = await RequireBrowser().NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 780 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "id-ID",
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebHost>
{
    public const string Name = "web";
}

/// <summary>A browser test: fails under CI without chromium (saying why), skips locally with the reason.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (WebHost.Missing() is { } reason && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = reason;
        }
    }
}
