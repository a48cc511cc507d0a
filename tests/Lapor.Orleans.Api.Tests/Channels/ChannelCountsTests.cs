using System.Globalization;
using System.Net;
using Lapor.Api.Tests.Open311;

namespace Lapor.Api.Tests.Channels;

/// <summary>Every door feeds the same workflow: monev counts each channel per agency and day, and the inbox filters by it.</summary>
[Collection(ChannelCollection.Name)]
public sealed class ChannelCountsTests(ChannelHost host)
{
    [Fact]
    public async Task Monev_counts_each_channel_and_the_inbox_filters_by_it()
    {
        using var api = host.Client();
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var figures = $"/api/monev/agencies/{ChannelHost.Agency}?period=day&from={today}&to={today}";
        async Task<Dictionary<string, long>> ChannelsAsync()
        {
            var response = await api.GetAsync(figures, user: "admin.malang");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await LaporClient.JsonAsync(response))["total"]!["channels"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
        }

        var before = await ChannelsAsync();

        var sms = (await LaporClient.JsonAsync(await host.SmsAsync(api.Http, ChannelHost.NewNumber(),
            "Genangan air di underpass Jl. Tol Madyopuro tidak surut dua hari.")))["trackingCode"]!.GetValue<string>();
        var social = (await LaporClient.JsonAsync(await ChannelHost.SocialAsync(api.Http, new
        {
            platform = "instagram",
            postId = "C" + Guid.NewGuid().ToString("N")[..10],
            text = "Lampu taman Merjosari mati semua, gelap gulita malam hari.",
        })))["trackingCode"]!.GetValue<string>();
        var open311 = (await Open311Wire.JsonOf(await Open311Wire.PostAsync(api.Http, "json", Open311Wire.Report("lainnya",
            "Marka jalan di Jl. Ahmad Yani pudar, rawan kecelakaan malam hari.", ChannelHost.NationalJurisdiction, ("address_id", "35.73")))))
            .Node[0]!["service_request_id"]!.GetValue<string>();
        var web = (await api.SubmitAsync(new ReportBuilder { TargetAgencyId = ChannelHost.Agency })).Code;

        Dictionary<string, long> after = [];
        for (var i = 0; i < 40; i++)
        {
            after = await ChannelsAsync();
            if (Delta("Open311") >= 1 && Delta("Sms") >= 1 && Delta("SocialMedia") >= 1 && Delta("Web") >= 1)
            {
                break;
            }

            await Task.Delay(250);
        }

        long Delta(string channel) => after.GetValueOrDefault(channel) - before.GetValueOrDefault(channel);
        Assert.Equal(1, Delta("Sms"));
        Assert.Equal(1, Delta("SocialMedia"));
        Assert.Equal(1, Delta("Open311"));
        Assert.Equal(1, Delta("Web"));

        async Task<List<string>> InboxAsync(string channel)
        {
            var response = await api.GetAsync($"/api/agencies/{ChannelHost.Agency}/inbox?channel={channel}&take=200&sort=newest", user: "admin.malang");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = (await LaporClient.JsonAsync(response))["items"]!.AsArray();
            Assert.All(items, item => Assert.Equal(channel, item!["channel"]!.GetValue<string>()));
            return [.. items.Select(item => item!["complaintId"]!.GetValue<string>())];
        }

        // The figures may have moved by another test's report on the same host: wait for this test's four lines too (a
        // submission is answered before its line is written).
        foreach (var (channel, id) in new[] { ("sms", sms), ("socialMedia", social), ("open311", open311), ("web", web) })
        {
            await Eventually.WaitAsync(() => InboxAsync(channel), ids => ids.Contains(id), TimeSpan.FromSeconds(10), $"the {channel} report's inbox line");
        }

        var bySms = await InboxAsync("sms");
        Assert.Contains(sms, bySms);
        Assert.DoesNotContain(social, bySms);
        Assert.Contains(social, await InboxAsync("socialMedia"));
        var byOpen311 = await InboxAsync("open311");
        Assert.Contains(open311, byOpen311);
        Assert.DoesNotContain(web, byOpen311);
        Assert.Contains(web, await InboxAsync("web"));
        var unknown = await api.GetAsync($"/api/agencies/{ChannelHost.Agency}/inbox?channel=faksimile", user: "admin.malang");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
