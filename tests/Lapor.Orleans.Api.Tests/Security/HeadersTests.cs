using System.Net;
using Lapor.Hosting;
using Microsoft.Extensions.Configuration;

namespace Lapor.Api.Tests.Security;

/// <summary>Security headers on every answer; no-store on tokens, the reporter's view and staff answers.</summary>
[Collection(ApiCollection.Name)]
public sealed class HeadersTests(ApiHost host)
{
    private static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    private static void AssertNoStore(HttpResponseMessage response, string what) =>
        Assert.True(response.Headers.CacheControl?.NoStore == true, what + " must be Cache-Control: no-store");

    [Fact]
    public async Task Tokens_the_reporters_view_and_staff_answers_are_never_stored_and_every_answer_is_hardened()
    {
        using var api = host.Client();
        var (code, secret, _) = await api.SubmitAsync();
        var token = await api.SendAsync(HttpMethod.Post, "/api/dev/token", new { username = "admin.nasional", password = "lapor-demo" });
        var reporter = await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret);
        var staff = await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional");
        var inbox = await api.GetAsync("/api/agencies/nasional/inbox", user: "admin.nasional");
        var refused = await api.GetAsync($"/api/complaints/{code}", user: null);
        var submitted = await api.SendAsync(HttpMethod.Post, "/api/complaints", new ReportBuilder(), idempotencyKey: Guid.NewGuid().ToString());
        foreach (var (response, what) in new[] { (token, "a token"), (reporter, "the reporter's view"), (staff, "a staff read"),
            (inbox, "an inbox"), (refused, "a refusal"), (submitted, "the submission answer with the secret") })
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Unauthorized, what);
            AssertNoStore(response, what);
            AssertHardened(response);
        }

        var published = await api.GetAsync("/api/public/complaints");
        AssertHardened(published);
        Assert.False(published.Headers.CacheControl?.NoStore == true, "public answers may be cached");
    }

    // Also proves ASP.NET Core's hot-reload handling is off when run from the build output: it rewrites these to no-cache.
    [Fact]
    public async Task Fingerprinted_page_assets_are_cached_for_a_year_while_the_page_itself_is_never_stored()
    {
        using var api = host.Client();
        var home = await api.GetAsync("/");
        AssertNoStore(home, "a page");
        var html = await home.Content.ReadAsStringAsync();
        var asset = System.Text.RegularExpressions.Regex.Match(html, @"href=""(lapor\.[a-z0-9]+\.css)""").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(asset), "the page links its fingerprinted style sheet");

        var css = await api.GetAsync("/" + asset);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.True(css.Headers.CacheControl is { NoStore: false, MaxAge.TotalDays: >= 365 }, $"{asset}: {css.Headers.CacheControl}");
        Assert.Contains("immutable", css.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        AssertHardened(css);
    }

    [Fact]
    public void The_production_profile_enforces_https_and_the_embedded_one_does_not()
    {
        static DeploymentProfile Profile(params (string Key, string Value)[] settings) => DeploymentProfile.From(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

        Assert.True(Profile(("Lapor:Storage:Provider", "Postgres"), ("Lapor:Storage:ConnectionString", "Host=x")).EnforcesHttps);
        Assert.False(Profile().EnforcesHttps);
        Assert.True(Profile(("Lapor:Http:EnforceHttps", "true")).EnforcesHttps);
    }
}

/// <summary>HTTPS redirection and HSTS as the production profile runs them, behind a TLS-ending proxy.</summary>
public sealed class HttpsHost : ApiHost
{
    protected override IEnumerable<string> ExtraArgs() =>
        ["--Lapor:Http:EnforceHttps", "true", "--Lapor:Http:KnownProxies", "127.0.0.1", "--https_port", "443"];
}

public sealed class HttpsEnforcementTests : IClassFixture<HttpsHost>
{
    private readonly HttpsHost _host;

    public HttpsEnforcementTests(HttpsHost host) => _host = host;

    [Fact]
    public async Task Plain_http_is_redirected_and_https_answers_carry_hsts_but_health_probes_stay_plain()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/api/public/complaints");
        plain.Headers.Host = "lapor.example.go.id";
        var redirected = await http.SendAsync(plain);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://lapor.example.go.id/api/public/complaints", redirected.Headers.Location!.ToString());

        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/api/public/complaints");
        viaProxy.Headers.Host = "lapor.example.go.id";
        viaProxy.Headers.Add("X-Forwarded-Proto", "https");
        viaProxy.Headers.Add("X-Forwarded-For", "198.51.100.7");
        var secure = await http.SendAsync(viaProxy);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("max-age=", string.Join(",", secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }
}
