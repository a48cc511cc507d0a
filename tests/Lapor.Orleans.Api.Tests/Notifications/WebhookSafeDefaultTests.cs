using System.Net;

namespace Lapor.Api.Tests.Notifications;

/// <summary>On a host with default settings, webhooks must be https and public (no SSRF into the operator's network).</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookSafeDefaultTests(ApiHost host)
{
    private static readonly string[] Routed = ["routed"];
    private static readonly string[] Breach = ["breach"];
    private static readonly string[] Unknown = ["dibaca"];
    private static readonly string[] Officers = ["admin.nasional", "admin.", "petugas"];

    [Theory]
    [InlineData("http://hooks.example.org/lapor")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost:8443/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    public async Task Webhook_urls_that_are_plain_http_or_internal_are_refused_by_default(string url)
    {
        using var api = host.Client();
        var response = await api.PostAsync("/api/agencies/kota-malang/subscriptions", new { kind = "webhook", url, events = Routed }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await LaporClient.JsonAsync(response))["errors"]!.AsObject().ContainsKey("url"));
    }

    [Fact]
    public async Task A_public_https_webhook_is_accepted_by_default()
    {
        using var api = host.Client();
        var response = await api.PostAsync("/api/agencies/kota-malang/subscriptions", new { kind = "webhook", url = "https://hooks.example.org/lapor", events = Routed }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
