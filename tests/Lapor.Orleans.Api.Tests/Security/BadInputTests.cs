using System.Diagnostics;
using System.Net;

namespace Lapor.Api.Tests.Security;

/// <summary>Input that used to answer 500 or 503: lone surrogates, bogus dashboard arguments, agencies looping in the tree.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiHost host)
{
    [Theory]
    [InlineData("""{"year":2031,"source":"Keputusan \ud83d","days":[]}""", "source")]
    [InlineData("""{"year":2031,"source":"SKB","days":[{"date":"2031-01-01","name":"Tahun Baru \udc00","kind":"holiday"}]}""", "days[0].name")]
    [InlineData("""{"year":2031,"source":"SKB","days":[],"\ud83d":1}""", "body")]
    public async Task A_lone_surrogate_in_a_calendar_year_is_a_400_naming_the_field(string json, string field)
    {
        using var api = host.Client();
        var response = await api.SendAsync(HttpMethod.Put, "/api/admin/calendar/2031", json, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(response))["errors"]![field]);
    }

    [Theory]
    [InlineData("/api/complaints", """{"kind":"complaint","title":"Judul \ud83d laporan","body":"Isi laporan yang cukup panjang.","incidentDate":"2026-11-20","location":{"regionCode":"35.73"},"category":"Umum"}""")]
    [InlineData("/api/auth/token", """{"username":"admin\udfff","password":"x"}""")]
    public async Task A_lone_surrogate_in_any_body_is_a_400(string path, string json)
    {
        using var api = host.Client();
        var response = await api.SendAsync(HttpMethod.Post, path, json, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/dashboard/HistoricalStats/bukan-silo")]
    [InlineData("/dashboard/SiloProperties/bukan-silo")]
    [InlineData("/dashboard/SiloMetadata/%20")]
    [InlineData("/dashboard/SiloCounters/1.2.3.4:5@6")]
    public async Task Bogus_dashboard_arguments_are_a_400_problem(string path)
    {
        using var api = host.Client();
        var response = await api.GetAsync(path, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_agency_made_its_own_parent_or_a_loop_is_refused_at_once_and_the_agency_keeps_working()
    {
        using var api = host.Client();
        var top = await api.DefineAgencyAsync("uji-atas", "nasional", "province");
        var middle = await api.DefineAgencyAsync("uji-tengah", top, "regencyCity");
        var bottom = await api.DefineAgencyAsync("uji-bawah", middle, "unit");
        foreach (var (parent, message) in new[] { (top, "induknya sendiri"), (bottom, "siklus") })
        {
            var clock = Stopwatch.StartNew();
            var response = await api.SendAsync(HttpMethod.Put, $"/api/admin/agencies/{top}",
                new { name = "Instansi uji atas", level = "province", parentId = parent, zone = "wib" }, user: "admin.nasional");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed}");
            Assert.Contains(message, (await LaporClient.JsonAsync(response))["errors"]!["parentId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var after = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/agencies/{top}/summary", user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/monev/agencies/{bottom}", user: "admin.nasional")).StatusCode);
        Assert.True(after.Elapsed < TimeSpan.FromSeconds(3), "the agency is not frozen");
    }
}
