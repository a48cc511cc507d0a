using System.Net;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Agencies;

/// <summary>
/// The agency directory over HTTP: anyone may search it by name or list an agency's children; a definition shows at
/// once (a rename too), and pages continue exactly after their cursor.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AgencyDirectoryApiTests(ApiHost host)
{
    [Fact]
    public async Task A_defined_agency_is_found_by_the_words_of_its_and_its_parents_name_and_a_rename_shows_at_once()
    {
        using var api = host.Client();
        var city = await api.DefineAgencyAsync("kota", "nasional", "regencyCity");
        var unit = $"dishub-{city}";
        await Define(api, unit, "Dinas Perhubungan", city, "unit");

        // The test names are "Instansi uji <id>": search by the city's id inside its name and the unit's own words.
        var found = await Search(api, $"?q={Uri.EscapeDataString($"perhubungan {city.ToUpperInvariant()}")}");
        var row = Assert.Single(found["items"]!.AsArray())!;
        Assert.Equal(unit, row["id"]!.GetValue<string>());
        Assert.Equal(("Dinas Perhubungan", "unit", "wib", city, $"Instansi uji {city}"), (row["name"]!.GetValue<string>(),
            row["level"]!.GetValue<string>(), row["zone"]!.GetValue<string>(), row["parentId"]!.GetValue<string>(), row["parentName"]!.GetValue<string>()));
        Assert.Null(found["nextCursor"]);

        await Define(api, unit, "Dinas Perhubungan dan Lalu Lintas", city, "unit");
        var renamed = Assert.Single((await Search(api, $"?parentId={city}"))["items"]!.AsArray())!;
        Assert.Equal("Dinas Perhubungan dan Lalu Lintas", renamed["name"]!.GetValue<string>());
        Assert.Empty((await Search(api, $"?q=lalu+lintas&parentId=nasional"))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_children_of_an_agency_come_a_page_at_a_time_without_gaps_or_repeats()
    {
        using var api = host.Client();
        var parent = await api.DefineAgencyAsync("induk", "nasional", "province");
        var children = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            children.Add(await api.DefineAgencyAsync("anak", parent, "regencyCity"));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Search(api, $"?parentId={parent}&take=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.InRange(page["items"]!.AsArray().Count, 1, 3);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(children.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("take=0", "take")]
    [InlineData("take=101", "take")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("parentId=Bukan%20Kode", "parentId")]
    public async Task Bad_directory_queries_are_refused_with_the_field_named(string query, string field)
    {
        using var api = host.Client();
        var response = await api.GetAsync($"/api/agencies?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await LaporClient.JsonAsync(response);
        Assert.True(problem["errors"]?[field] is JsonArray, $"{query}: {problem.ToJsonString()}");
    }

    [Fact]
    public async Task A_search_longer_than_a_hundred_characters_is_refused_by_name()
    {
        using var api = host.Client();
        var response = await api.GetAsync($"/api/agencies?q={new string('a', 101)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await LaporClient.JsonAsync(response))["errors"]?["q"] is JsonArray);
    }

    private static async Task Define(LaporClient api, string id, string name, string parentId, string level)
    {
        using var response = await api.SendAsync(HttpMethod.Put, $"/api/admin/agencies/{id}",
            new { name, level, parentId, zone = "wib", policy = new { } }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonNode> Search(LaporClient api, string query)
    {
        using var response = await api.GetAsync("/api/agencies" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await LaporClient.JsonAsync(response);
    }
}
