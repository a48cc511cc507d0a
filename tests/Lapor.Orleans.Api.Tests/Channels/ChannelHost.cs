using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests.Channels;

/// <summary>
/// The real API (co-hosted silo, SQLite, Kestrel on loopback) with every channel configured as an operator would:
/// two Open311 jurisdictions (Kota Malang, batch; national, realtime) and a trusted client, an HMAC-signed SMS
/// gateway with its own field names whose outbound webhook is a <see cref="GatewayReceiver"/>, and a social-media
/// integrator. SMS, social and the national "lainnya" service are verified by a test unit, <see cref="Agency"/>,
/// under Kota Malang.
/// </summary>
public class ChannelHost : IAsyncLifetime
{
    public const string Agency = "uji-kanal";
    public const string CityJurisdiction = "uji.malangkota.go.id";
    public const string NationalJurisdiction = "nasional";
    public const string Open311ClientKey = "kunci-klien-open311-aplikasi-warga-uji";
    public const string Open311Client = "aplikasi-warga";
    public const string SocialKey = "kunci-integrator-pantau-medsos-uji-01";
    public const string Integrator = "pantau-medsos";
    public const string SmsFrom = "msisdn";
    public const string SmsText = "pesan";
    public const string SmsMessageId = "message_id";

    private static readonly string SigningKey = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("lapor-channel-tests-signing-key")));

    private WebApplication? _app;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "lapor-channel-tests-" + Guid.NewGuid().ToString("N"));
    public Uri BaseAddress { get; private set; } = null!;
    public GatewayReceiver Gateway { get; private set; } = null!;
    public virtual string SmsSecret => "uji-rahasia-gerbang-sms-0123456789abcdef";
    protected virtual bool SharedSecretMode => false;

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected virtual IEnumerable<(string Key, string Value)> Settings()
    {
        // Open311: a city jurisdiction (batch: POST answers a token) and the national one (realtime).
        var city = "Lapor:Open311:Jurisdictions:" + CityJurisdiction;
        yield return ($"{city}:AgencyId", "kota-malang");
        yield return ($"{city}:RegionCode", "35.73");
        yield return ($"{city}:Type", "batch");
        yield return ($"{city}:Services:0:Code", "lalu-lintas");
        yield return ($"{city}:Services:0:Name", "Lalu Lintas dan Parkir");
        yield return ($"{city}:Services:0:Category", "Perhubungan");
        yield return ($"{city}:Services:0:Group", "Perhubungan");
        yield return ($"{city}:Services:0:Description", "Lampu lalu lintas, rambu dan parkir liar.");
        yield return ($"{city}:Services:0:Keywords:0", "lampu lalu lintas");
        yield return ($"{city}:Services:0:Keywords:1", "parkir liar");
        yield return ($"{city}:Services:1:Code", "jalan");
        yield return ($"{city}:Services:1:Name", "Jalan Rusak");
        yield return ($"{city}:Services:1:Category", "Infrastruktur");
        yield return ($"{city}:Services:1:Group", "Pekerjaan Umum");
        yield return ($"{city}:Services:1:Keywords:0", "jalan berlubang");
        var national = "Lapor:Open311:Jurisdictions:" + NationalJurisdiction;
        yield return ($"{national}:AgencyId", "nasional");
        yield return ($"{national}:Services:0:Code", "infrastruktur");
        yield return ($"{national}:Services:0:Name", "Infrastruktur");
        yield return ($"{national}:Services:0:Group", "Pembangunan");
        yield return ($"{national}:Services:1:Code", "kesehatan");
        yield return ($"{national}:Services:1:Name", "Kesehatan");
        yield return ($"{national}:Services:1:Group", "Pelayanan Dasar");
        yield return ($"{national}:Services:2:Code", "lainnya");
        yield return ($"{national}:Services:2:Name", "Lainnya");
        yield return ($"{national}:Services:2:TargetAgencyId", Agency); // verified by the test agency, not nasional
        yield return ($"Lapor:Open311:Clients:{Open311Client}:KeySha256", Sha256(Open311ClientKey));

        // SMS: signed gateway with its own field names; answers go to the receiver.
        yield return ("Lapor:Channels:Sms:Enabled", "true");
        yield return ("Lapor:Channels:Sms:Mode", SharedSecretMode ? "SharedSecret" : "Hmac");
        yield return ("Lapor:Channels:Sms:Secret", SmsSecret);
        yield return ("Lapor:Channels:Sms:RegionCode", "35.73");
        yield return ("Lapor:Channels:Sms:TargetAgencyId", Agency);
        yield return ("Lapor:Channels:Sms:Fields:From", SmsFrom);
        yield return ("Lapor:Channels:Sms:Fields:Text", SmsText);
        yield return ("Lapor:Channels:Sms:Fields:MessageId", SmsMessageId);
        yield return ("Lapor:Channels:Sms:PerNumberLimit", "4");
        yield return ("Lapor:Channels:Sms:Outbound:Url", Gateway.Url.ToString());
        yield return ("Lapor:Channels:Sms:Outbound:ToField", "nomor_tujuan");
        yield return ("Lapor:Channels:Sms:Outbound:TextField", "isi");
        // Answers go through the notification outbox: quick retries and polls for the tests.
        yield return ("Lapor:Notifications:RetryBaseDelay", "00:00:00.2");
        yield return ("Lapor:Notifications:PollInterval", "00:00:00.2");

        // Social media: one trusted integrator.
        yield return ($"Lapor:Channels:Social:Integrators:{Integrator}:KeySha256", Sha256(SocialKey));
        yield return ($"Lapor:Channels:Social:Integrators:{Integrator}:RegionCode", "35.73");
        yield return ($"Lapor:Channels:Social:Integrators:{Integrator}:TargetAgencyId", Agency);
        yield return ($"Lapor:Channels:Social:Integrators:{Integrator}:Category", "Lainnya");

        // Address limits high enough for the functional tests (RateLimitTests has its own tight host).
        foreach (var policy in new[] { "Open311Read", "Open311Write", "Sms", "Social" })
        {
            yield return ($"Lapor:Channels:RateLimits:{policy}:PermitLimit", "100000");
            yield return ($"Lapor:Channels:RateLimits:{policy}:Window", "00:01:00");
        }
    }

    public async Task InitializeAsync()
    {
        Gateway = new GatewayReceiver(SmsSecret, SharedSecretMode);
        await Gateway.StartAsync();
        string[] args =
        [
            "--Lapor:Storage:DataFolder", DataFolder,
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Lapor:Cluster:SiloPort", Ports.Free().ToString(CultureInfo.InvariantCulture),
            "--Lapor:Cluster:GatewayPort", Ports.Free().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            "--Lapor:Auth:SigningKey", SigningKey,
            // The demo agencies and accounts these tests act as.
            "--Lapor:Demo", "true",
            .. Settings().SelectMany(s => new[] { "--" + s.Key, s.Value }),
        ];
        _app = LaporApi.Build(args);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await Eventually.HttpReadyAsync(BaseAddress, TimeSpan.FromSeconds(60));

        using var api = Client();
        var defined = await api.SendAsync(HttpMethod.Put, $"/api/admin/agencies/{Agency}",
            new { name = "Unit Uji Kanal Kota Malang", level = "unit", parentId = "kota-malang", zone = "wib", policy = new { } }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, defined.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public LaporClient Client() => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>A fresh Indonesian mobile number, so tests never share a flood window.</summary>
    public static string NewNumber() => "+62812" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>Sends an SMS as the gateway: form fields, signed with the shared secret unless told otherwise.</summary>
    public async Task<HttpResponseMessage> SmsAsync(HttpClient http, IEnumerable<KeyValuePair<string, string>> fields, bool sign = true,
        string? secret = null, long? timestamp = null)
    {
        var body = await new FormUrlEncodedContent(fields).ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/channels/sms/inbound") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (sign)
        {
            Sign(request, body, secret ?? SmsSecret, timestamp);
        }

        return await http.SendAsync(request);
    }

    public void Sign(HttpRequestMessage request, byte[] body, string secret, long? timestamp = null)
    {
        if (SharedSecretMode)
        {
            request.Headers.Add("X-Lapor-Gateway-Secret", secret);
            return;
        }

        var stamp = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-Lapor-Timestamp", stamp);
        request.Headers.Add("X-Lapor-Signature", "sha256=" + Convert.ToHexStringLower(GatewayReceiver.Sign(secret, stamp, body)));
    }

    public Task<HttpResponseMessage> SmsAsync(HttpClient http, string from, string text, string? messageId = null, bool sign = true) =>
        SmsAsync(http, Fields(from, text, messageId), sign);

    public static Dictionary<string, string> Fields(string from, string text, string? messageId = null)
    {
        var fields = new Dictionary<string, string> { [SmsFrom] = from, [SmsText] = text };
        if (messageId is not null)
        {
            fields[SmsMessageId] = messageId;
        }

        return fields;
    }

    /// <summary>Sends a social-media report as the integrator (or with another key, or none).</summary>
    public static async Task<HttpResponseMessage> SocialAsync(HttpClient http, object report, string? key = SocialKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/channels/social/reports") { Content = JsonContent.Create(report) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The complaint as Admin Nasional sees it.</summary>
    public static async Task<JsonObject> StaffViewAsync(LaporClient api, string code)
    {
        var response = await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await LaporClient.JsonAsync(response);
    }
}

/// <summary>The same host with tight per-address limits and a shared-secret gateway, for the rate-limit tests only.</summary>
public sealed class TightLimitsHost : ChannelHost
{
    protected override bool SharedSecretMode => true;

    protected override IEnumerable<(string Key, string Value)> Settings()
    {
        foreach (var setting in base.Settings().Where(s => !s.Key.StartsWith("Lapor:Channels:RateLimits:", StringComparison.Ordinal)))
        {
            yield return setting;
        }

        foreach (var policy in new[] { "Open311Read", "Open311Write", "Sms", "Social" })
        {
            yield return ($"Lapor:Channels:RateLimits:{policy}:PermitLimit", "5");
            yield return ($"Lapor:Channels:RateLimits:{policy}:Window", "00:10:00");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ChannelCollection : ICollectionFixture<ChannelHost>
{
    public const string Name = "channels";
}

[CollectionDefinition(Name)]
public sealed class TightLimitsCollection : ICollectionFixture<TightLimitsHost>
{
    public const string Name = "channels-tight-limits";
}
