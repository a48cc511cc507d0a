using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests;

/// <summary>
/// The real API host (co-hosted silo, SQLite in a throw-away data folder, Kestrel on a loopback port) shared by the
/// API tests. Tests talk to it over real HTTP and keep to their own complaints and agencies.
/// </summary>
public class ApiHost : IAsyncLifetime
{
    /// <summary>
    /// One demo-token signing key for every host in this test process: the API keeps the key it loaded first in a
    /// static field, so hosts started side by side with keys of their own would sign and check with each other's.
    /// </summary>
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private WebApplication? _app;

    /// <summary>A fresh, empty data folder.</summary>
    public ApiHost()
        : this(new TempFolder("lapor-api-tests"))
    {
    }

    /// <summary>The host's data folder is <paramref name="dataFolder"/>, owned and deleted by the host.</summary>
    protected ApiHost(TempFolder dataFolder) => Data = dataFolder;

    protected TempFolder Data { get; }

    public string DataFolder => Data.Path;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Storage settings; the embedded SQLite default unless a subclass says otherwise.</summary>
    protected virtual Task<string[]> StorageArgsAsync() => Task.FromResult(new[] { "--Lapor:Storage:DataFolder", DataFolder });

    /// <summary>Last word on the host's services before it is built (after all of its own registrations).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    protected virtual Task CleanUpStorageAsync() => Task.CompletedTask;

    /// <summary>Settings after the shared ones (later settings win): hosts of the abuse and security tests.</summary>
    protected virtual IEnumerable<string> ExtraArgs() => [];

    /// <summary>The host's services (the co-hosted silo's grain factory, for checks no HTTP answer shows).</summary>
    public IServiceProvider Services => _app!.Services;

    public virtual async Task InitializeAsync()
    {
        var storage = await StorageArgsAsync();
        _app = LaporApi.Build(
        [
            .. storage,
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Lapor:Cluster:SiloPort", Ports.Free().ToString(CultureInfo.InvariantCulture),
            "--Lapor:Cluster:GatewayPort", Ports.Free().ToString(CultureInfo.InvariantCulture),
            "--Lapor:Auth:SigningKey", SigningKey,
            "--Logging:LogLevel:Default", "Warning",
            // The demo accounts and agencies the tests sign in as, and no abuse limits on the shared host: the tests
            // file hundreds of complaints a minute from one address (RateLimitTests start hosts with limits on).
            "--Lapor:Demo", "true",
            "--Lapor:RateLimits:Enabled", "false",
            // Small attachment limits, so the tests reach each of them with small files (tests/…/Attachments).
            "--Lapor:Attachments:MaxFileBytes", "1048576",
            "--Lapor:Attachments:MaxPerMessage", "3",
            "--Lapor:Attachments:MaxPerComplaint", "4",
            .. ExtraArgs(),
        ], Configure);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        await Eventually.HttpReadyAsync(BaseAddress, TimeSpan.FromSeconds(60));
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await CleanUpStorageAsync();
        Data.Dispose();
    }

    public LaporClient Client() => LaporClient.For(BaseAddress);
}
