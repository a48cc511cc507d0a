using System.Net;
using Lapor.Api.Tests.Open311;

namespace Lapor.Api.Tests.Channels;

/// <summary>
/// The channel doors' per-address limits (5 per window on this host): past them a caller gets 429 with Retry-After,
/// in the Open311 error format on Open311 paths and as a problem elsewhere, and refused calls count too.
/// </summary>
[Collection(TightLimitsCollection.Name)]
public sealed class ChannelRateLimitTests(TightLimitsHost host)
{
    [Fact]
    public async Task Open311_reads_past_the_limit_get_429_in_the_open311_format()
    {
        using var api = host.Client();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/open311/v2/services.xml?jurisdiction_id={ChannelHost.NationalJurisdiction}")).StatusCode);
        }

        var xml = await Open311Wire.XmlOf(await api.Http.GetAsync($"/open311/v2/services.xml?jurisdiction_id={ChannelHost.NationalJurisdiction}"));
        Open311Wire.AssertErrors(xml, HttpStatusCode.TooManyRequests);
        Assert.True(xml.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var json = await Open311Wire.JsonOf(await api.Http.GetAsync("/open311/discovery.json"));
        Open311Wire.AssertErrors(json, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Forged_gateway_calls_use_up_the_window_and_then_get_429()
    {
        using var api = host.Client();
        // Shared-secret mode on this host: the right secret is accepted.
        var good = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), "Jalan rusak di Desa Pandanrejo, mohon ditinjau.");
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await host.SmsAsync(api.Http, ChannelHost.Fields(ChannelHost.NewNumber(), "Pesan palsu dari penyerang."),
                secret: "bukan-rahasia-gerbang-yang-benar-00000")).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await host.SmsAsync(api.Http, ChannelHost.NewNumber(), "Pesan sah pun menunggu jendela berikutnya.");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Unknown_integrator_keys_use_up_the_window_too()
    {
        using var api = host.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await ChannelHost.SocialAsync(api.Http, new { platform = "x", postId = $"{i}", text = "Tebak-tebak kunci integrator." }, "kunci-tebakan-" + i)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
