using Lapor.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace Lapor.Api.Http;

/// <summary>
/// One start-up banner in Bahasa Indonesia and English: where the API and its reference page are, where the data
/// lives, which mode runs and whether demo accounts are on (loudly, when they are). Everything else at start-up is
/// logged at Debug or below by default.
/// </summary>
public static partial class StartupBanner
{
    public const string Category = "Lapor.Startup";

    public static void Register(WebApplication app, DeploymentProfile profile, HostingMode mode)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(profile);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault() ?? "?";
            var devTokens = profile.OffersDevTokens;
            LogBanner(logger, string.Join(", ", addresses), url.TrimEnd('/') + "/scalar", Data(profile),
                (profile.IsEmbedded ? "tertanam / embedded (SQLite, 1 silo)" : "produksi / production (PostgreSQL)")
                + (mode == HostingMode.Client ? ", klien / client" : ", silo di proses ini / co-hosted silo"),
                devTokens ? "AKTIF / ON" : "mati / off",
                profile.UsesOpenIdConnect ? "OpenID Connect"
                    : profile.OffersLocalAccounts ? $"akun lokal / local accounts (admin create), POST {Auth.SignInApi.TokenPath}"
                    : "tidak ada / none");
            if (devTokens)
            {
                LogDemo(logger, Auth.DevTokens.DemoPassword);
            }
        });
    }

    private static string Data(DeploymentProfile profile)
    {
        if (profile.IsEmbedded)
        {
            return Path.GetFullPath(profile.Storage.DataFolder);
        }

        try
        {
            var c = new NpgsqlConnectionStringBuilder(profile.Storage.ResolveConnectionString());
            return $"PostgreSQL {c.Host}:{c.Port}/{c.Database}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }

    /// <summary>One log entry per line, so the banner reads the same under any log format.</summary>
    private static void LogBanner(ILogger logger, string urls, string scalar, string data, string mode, string demo, string signIn)
    {
        LogLine(logger, "Lapor.Orleans API siap / ready");
        LogLine(logger, "  Alamat / URL:           " + urls);
        LogLine(logger, "  Referensi API (Scalar): " + scalar);
        LogLine(logger, "  Data:                   " + data);
        LogLine(logger, "  Mode:                   " + mode);
        LogLine(logger, "  Akun demo / demo:       " + demo);
        LogLine(logger, "  Masuk staf / sign-in:   " + signIn);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogLine(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "MODE DEMO: akun demo dengan kata sandi umum '{Password}' aktif; jangan dipakai untuk data sungguhan. / " +
        "DEMO MODE: demo accounts with the public password are on; never use this for real data.")]
    private static partial void LogDemo(ILogger logger, string password);
}
