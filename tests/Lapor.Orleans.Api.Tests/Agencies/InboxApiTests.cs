using System.Net;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Agencies;

/// <summary>The inbox over HTTP: keyset pages that continue exactly after the cursor, filters, and bad input named.</summary>
[Collection(ApiCollection.Name)]
public sealed class InboxApiTests(ApiHost host)
{
    [Fact]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats_and_filters_narrow_the_page()
    {
        using var api = host.Client();
        var agency = await api.DefineAgencyAsync("inbox", "nasional", "province");
        var codes = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            codes.Add((await api.SubmitAsync(new ReportBuilder { TargetAgencyId = agency, Kind = i % 2 == 0 ? "complaint" : "aspiration" })).Code);
        }

        // A submission is answered before its inbox line is written: wait for the seventh.
        await Eventually.WaitAsync(() => api.InboxAsync(agency, "admin.nasional"), page => page["total"]!.GetValue<int>() == 7, TimeSpan.FromSeconds(10), "seven inbox lines");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await LaporClient.JsonAsync(await api.GetAsync(
                $"/api/agencies/{agency}/inbox?take=3&sort=oldest" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), user: "admin.nasional"));
            Assert.Equal(7, page["total"]!.GetValue<int>());
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["complaintId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        var aspirations = await LaporClient.JsonAsync(await api.GetAsync($"/api/agencies/{agency}/inbox?kind=aspiration&status=submitted", user: "admin.nasional"));
        Assert.Equal(3, aspirations["items"]!.AsArray().Count);
        Assert.All(aspirations["items"]!.AsArray(), i => Assert.Equal("aspiration", i!["kind"]!.GetValue<string>()));
        var overdue = await LaporClient.JsonAsync(await api.GetAsync($"/api/agencies/{agency}/inbox?overdue=true", user: "admin.nasional"));
        Assert.Empty(overdue["items"]!.AsArray());
    }

    [Theory]
    [InlineData("take=0", "take")]
    [InlineData("take=201", "take")]
    [InlineData("status=bogus", "status")]
    [InlineData("status=1", "status")]
    [InlineData("warnedAtLeast=60", "warnedAtLeast")]
    [InlineData("sort=urgent", "sort")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("region=35%25", "region")]
    [InlineData("submittedFrom=2026-12-01T00:00:00Z&submittedTo=2026-11-01T00:00:00Z", "submittedTo")]
    public async Task Bad_inbox_queries_are_refused_with_the_field_named(string query, string field)
    {
        using var api = host.Client();
        var response = await api.GetAsync($"/api/agencies/nasional/inbox?{query}", user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await LaporClient.JsonAsync(response);
        Assert.True(problem["errors"]?[field] is JsonArray, $"{query}: {problem.ToJsonString()}");
    }
}
