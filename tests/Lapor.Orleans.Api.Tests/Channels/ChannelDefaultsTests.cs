using System.Net;
using Lapor.Api.Tests.Open311;

namespace Lapor.Api.Tests.Channels;

/// <summary>Safe defaults on the unconfigured host: the SMS and social doors do not exist; Open311 serves the national catalogue.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelDefaultsTests(ApiHost host)
{
    [Fact]
    public async Task Sms_and_social_intake_are_off_until_configured()
    {
        using var api = host.Client();
        // No such operation: 404, or 405 where the pages' GET-only static-file fallback matches every path.
        HttpStatusCode[] absent = [HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed];
        Assert.Contains((await api.PostAsync("/api/channels/sms/inbound", new { from = "+6281234567890", text = "Halo" })).StatusCode, absent);
        Assert.Contains((await api.PostAsync("/api/channels/social/reports", new { platform = "x", postId = "1", text = "Halo" })).StatusCode, absent);
    }

    [Fact]
    public async Task Open311_serves_one_national_jurisdiction_without_jurisdiction_id()
    {
        using var api = host.Client();
        var services = await Open311Wire.GetXmlAsync(api.Http, "/open311/v2/services.xml");
        Assert.Equal(HttpStatusCode.OK, services.Status);
        Assert.Contains("kependudukan", services.Root.Elements("service").Select(s => s.Element("service_code")!.Value));
        Assert.All(services.Root.Elements("service"), s => Assert.Equal("realtime", s.Element("type")!.Value));
        Assert.Equal(HttpStatusCode.OK, (await Open311Wire.GetJsonAsync(api.Http, "/open311/v2/services.json?jurisdiction_id=nasional")).Status);

        // No trusted clients by default: any api_key is unknown.
        var keyed = await Open311Wire.JsonOf(await Open311Wire.PostAsync(api.Http, "json",
            Open311Wire.Report("lainnya", "Pelayanan di kantor kecamatan sangat lambat.", null, ("address_id", "35.73"), ("api_key", "apa-saja"))));
        Open311Wire.AssertErrors(keyed, HttpStatusCode.Forbidden);
    }
}
