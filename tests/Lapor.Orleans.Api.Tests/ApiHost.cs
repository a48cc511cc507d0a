using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests;

/// <summary>
/// The real API host (co-hosted silo, SQLite in a fresh folder, Kestrel on a loopback port) shared by the API tests.
/// Tests talk to it over real HTTP and keep to their own complaints and agencies.
/// </summary>
public class ApiHost : IAsyncLifetime
{
    private WebApplication? _app;
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "lapor-api-tests-" + Guid.NewGuid().ToString("N"));
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Storage settings; the embedded SQLite default unless a subclass says otherwise.</summary>
    protected virtual Task<string[]> StorageArgsAsync() => Task.FromResult(new[] { "--Lapor:Storage:DataFolder", DataFolder });

    protected virtual Task CleanUpStorageAsync() => Task.CompletedTask;

    /// <summary>Settings after the shared ones (later settings win): hosts of the abuse and security tests.</summary>
    protected virtual IEnumerable<string> ExtraArgs() => [];

    /// <summary>The host's services (the co-hosted silo's grain factory, for checks no HTTP answer shows).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var storage = await StorageArgsAsync();
        _app = LaporApi.Build(
        [
            .. storage,
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Lapor:Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Lapor:Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            // The demo accounts and agencies the tests sign in as, and no abuse limits on the shared host: the tests
            // file hundreds of complaints a minute from one address (RateLimitTests start hosts with limits on).
            "--Lapor:Demo", "true",
            "--Lapor:RateLimits:Enabled", "false",
            .. ExtraArgs(),
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        await WaitReadyAsync(BaseAddress);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await CleanUpStorageAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public LaporClient Client() => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) });

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitReadyAsync(Uri baseAddress, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"API at {baseAddress} not ready.");
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>The same host on PostgreSQL (production mode): a database of its own, schema applied by the installer.</summary>
public sealed class PostgresApiHost : ApiHost
{
    private Storage.Tests.PostgresTestDatabase? _database;

    protected override async Task<string[]> StorageArgsAsync()
    {
        _database = await Storage.Tests.PostgresTestDatabase.CreateAsync();
        await Hosting.Storage.SchemaInstaller.ApplyAsync(_database.Options());
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return
        [
            "--Lapor:Storage:Provider", "Postgres",
            "--Lapor:Storage:ConnectionString", _database.ConnectionString,
            "--Lapor:Security:ServerKey", key,
            "--Lapor:Auth:SigningKey", key,
            "--Lapor:Auth:DevTokens", "true",
            "--Lapor:Cluster:DemoData", "true",
        ];
    }

    protected override async Task CleanUpStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}

[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresApiHost>
{
    public const string Name = "api-postgres";
}

/// <summary>A thin HTTP client for the tests: demo tokens, submissions, JSON in and out.</summary>
public sealed class LaporClient(HttpClient http) : IDisposable
{
    private static readonly Dictionary<(Uri, string), string> Tokens = [];

    public HttpClient Http => http;

    public void Dispose() => http.Dispose();

    public async Task<string> TokenAsync(string username)
    {
        lock (Tokens)
        {
            if (Tokens.TryGetValue((http.BaseAddress!, username), out var cached))
            {
                return cached;
            }
        }

        var response = await http.PostAsJsonAsync("/api/dev/token", new { username, password = "lapor-demo" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        lock (Tokens)
        {
            Tokens[(http.BaseAddress!, username)] = token;
        }

        return token;
    }

    /// <summary>Sends a request as a demo account (null: anonymous), optionally with a reporter secret and If-Match.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? user = null,
        string? secret = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        }

        if (secret is not null)
        {
            request.Headers.Add("X-Tracking-Secret", secret);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body, string? user = null, string? secret = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, path, body ?? new { }, user, secret, ifMatch);

    public Task<HttpResponseMessage> GetAsync(string path, string? user = null, string? secret = null) =>
        SendAsync(HttpMethod.Get, path, null, user, secret);

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static object Report(string? targetAgencyId = null, bool anonymous = false, bool confidential = false, string title = "Jalan berlubang di depan sekolah") => new
    {
        kind = "complaint",
        title,
        body = "Jalan berlubang besar sudah dua minggu dan membahayakan pengendara motor.",
        incidentDate = "2026-11-20",
        location = new { regionCode = "35.73.01", latitude = -7.98, longitude = 112.63, description = "Jl. Ijen" },
        category = "Infrastruktur",
        channel = "web",
        anonymous,
        confidential,
        targetAgencyId,
        reporter = new { name = "Siti Rahayu", email = "siti.rahayu@example.id", phone = "+6281234567890" },
    };

    public sealed record Submitted(string Code, string Secret, JsonObject Complaint);

    public async Task<Submitted> SubmitAsync(object? report = null, string? idempotencyKey = null)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/complaints", report ?? Report(), idempotencyKey: idempotencyKey ?? Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await JsonAsync(response);
        return new Submitted(json["trackingCode"]!.GetValue<string>(), json["secret"]!.GetValue<string>(), json["complaint"]!.AsObject());
    }

    /// <summary>Defines a fresh agency (unique id) under a parent, as Admin Nasional.</summary>
    public async Task<string> DefineAgencyAsync(string prefix, string parentId, string level, object? policy = null)
    {
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var response = await SendAsync(HttpMethod.Put, $"/api/admin/agencies/{id}",
            new { name = $"Instansi uji {id}", level, parentId, zone = "wib", policy = policy ?? new { } }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    public static string Raw(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
