using System.Net;
using System.Text;

namespace Lapor.Api.Tests.Monev;

/// <summary>Monev over HTTP: who may see which agency's internal figures, the public figures, and the CSV export.</summary>
[Collection(ApiCollection.Name)]
public sealed class MonevApiTests(ApiHost host)
{

    /// <summary>Internal figures: own agency and below; Admin Nasional and overseers everywhere.</summary>
    public static TheoryData<string, string, bool> Cells() => new()
    {
        { "/api/monev/national", "admin.nasional", true },
        { "/api/monev/national", "pengawas", true },
        { "/api/monev/national", "admin.jatim", false },
        { "/api/monev/national", "admin.malang", false },
        { "/api/monev/agencies/kota-malang", "admin.malang", true },
        { "/api/monev/agencies/kota-malang", "admin.jatim", true },
        { "/api/monev/agencies/kota-malang", "petugas.dishub", false },
        { "/api/monev/agencies/kota-malang", "admin.kemendikdasmen", false },
        { "/api/monev/agencies/kota-malang", "pengawas", true },
        { "/api/monev/agencies/malang-dishub", "petugas.dishub", true },
        { "/api/monev/agencies/malang-dishub", "petugas.dpupr", false },
        { "/api/monev/agencies/malang-dishub/series?period=day&from=2026-01-01&to=2026-01-31", "admin.malang", true },
        { "/api/monev/agencies/malang-dishub/series?period=day&from=2026-01-01&to=2026-01-31", "petugas.dpupr", false },
        { "/api/monev/agencies/kota-malang/children", "admin.malang", true },
        { "/api/monev/agencies/kota-malang/children", "petugas.dishub", false },
        { "/api/monev/agencies/kota-malang/export.csv", "admin.jatim", true },
        { "/api/monev/agencies/kota-malang/export.csv", "admin.kemendikdasmen", false },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Internal_figures_are_for_the_agency_its_ancestors_national_and_overseers(string path, string user, bool allowed)
    {
        using var api = host.Client();
        var response = await api.GetAsync(path, user: user);
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Internal_figures_need_a_staff_token_and_public_figures_do_not()
    {
        using var api = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/monev/agencies/kota-malang")).StatusCode);
        var response = await api.GetAsync("/api/public/monev/agencies/kota-malang?period=month&from=2026-01&to=2026-12");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("categor", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("channel", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/public/monev/agencies/kota-malang?period=day")).StatusCode);
    }

    [Fact]
    public async Task A_followed_up_complaint_shows_in_the_unit_city_and_national_figures()
    {
        using var api = host.Client();
        var today = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        async Task<(long Received, long FollowedUp)> Figures(string path)
        {
            var json = await LaporClient.JsonAsync(await api.GetAsync(path + $"?period=day&from={today}&to={today}", user: "admin.nasional"));
            var total = json["total"]!;
            return (total["received"]!.GetValue<long>(), total["followedUp"]!.GetValue<long>());
        }

        var unitBefore = await Figures("/api/monev/agencies/malang-dishub");
        var nationalBefore = await Figures("/api/monev/national");
        var (code, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route-to-unit", new { unitId = "malang-dishub" }, user: "admin.malang")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/follow-ups", new { message = "Ditinjau." }, user: "petugas.dishub")).StatusCode);
        var unitAfter = await Figures("/api/monev/agencies/malang-dishub");
        var nationalAfter = await Figures("/api/monev/national");
        Assert.True(unitAfter.Received >= unitBefore.Received + 1);
        Assert.True(unitAfter.FollowedUp >= unitBefore.FollowedUp + 1);
        // national (verifier), city (routed to) and unit each received it; the city and unit both followed up.
        Assert.True(nationalAfter.Received >= nationalBefore.Received + 3);
        Assert.True(nationalAfter.FollowedUp >= nationalBefore.FollowedUp + 2);
    }

    [Fact]
    public async Task The_ranking_lists_every_child_once_with_its_subtree_figures_best_first()
    {
        using var api = host.Client();
        var year = DateTime.UtcNow.AddHours(7).ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route-to-unit", new { unitId = "malang-dishub" }, user: "admin.malang")).StatusCode);

        var ranking = await LaporClient.JsonAsync(await api.GetAsync($"/api/monev/agencies/nasional/children?from={year}&to={year}&orderBy=received", user: "admin.nasional"));
        var rows = ranking["children"]!.AsArray().Select(r => r!).ToList();
        var children = (await LaporClient.JsonAsync(await api.GetAsync("/api/agencies/nasional", user: "admin.nasional")))["children"]!.AsArray()
            .Select(c => c!.GetValue<string>());
        Assert.Equal(children.Order(StringComparer.Ordinal), rows.Select(r => r["agencyId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r["rank"]!.GetValue<int>()));
        Assert.Equal(rows.OrderByDescending(r => r["total"]!["received"]!.GetValue<long>()).ThenBy(r => r["agencyId"]!.GetValue<string>(), StringComparer.Ordinal), rows);
        // The province counts what reached the city and its unit below it: its subtree, not its own figures.
        Assert.Contains(rows, r => r["agencyId"]!.GetValue<string>() == "prov-jatim" && r["total"]!["received"]!.GetValue<long>() >= 2);
        foreach (var row in rows)
        {
            // Each row is the child's own subtree view over the same year.
            var id = row["agencyId"]!.GetValue<string>();
            var own = await LaporClient.JsonAsync(await api.GetAsync($"/api/monev/agencies/{id}?scope=subtree&period=year&from={year}&to={year}", user: "admin.nasional"));
            Assert.Equal(own["total"]!.ToJsonString(), row["total"]!.ToJsonString());
            Assert.Equal(own["name"]!.GetValue<string>(), row["name"]!.GetValue<string>());
            Assert.Equal(own["backlog"]!["total"]!.GetValue<long>(), row["backlog"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task The_csv_opens_cleanly_with_a_bom_crlf_and_indonesian_headers()
    {
        using var api = host.Client();
        var response = await api.GetAsync("/api/monev/agencies/kota-malang/export.csv?lang=id&period=month&from=2026-01&to=2026-03", user: "admin.malang");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("", lines[^1]);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.StartsWith("instansi;periode;diterima;", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + 3 + 1, lines.Length - 1); // header, three months, the total
        Assert.StartsWith("kota-malang;2026-01;", lines[1], StringComparison.Ordinal);
        var english = await (await api.GetAsync("/api/monev/agencies/kota-malang/export.csv?period=month&from=2026-01&to=2026-03", user: "admin.malang"))
            .Content.ReadAsStringAsync();
        Assert.Contains("agency,period,received,", english, StringComparison.Ordinal);
    }

    [Fact]
    public void The_csv_quotes_separators_quotes_and_line_breaks_and_defuses_formulas()
    {
        Assert.Equal("plain", Lapor.Api.Monev.MonevCsv.Quote("plain", ','));
        Assert.Equal("\"a,b\"", Lapor.Api.Monev.MonevCsv.Quote("a,b", ','));
        Assert.Equal("a,b", Lapor.Api.Monev.MonevCsv.Quote("a,b", ';'));
        Assert.Equal("\"say \"\"hi\"\"\"", Lapor.Api.Monev.MonevCsv.Quote("say \"hi\"", ','));
        Assert.Equal("\"x\r\ny\"", Lapor.Api.Monev.MonevCsv.Quote("x\r\ny", ','));
        Assert.Equal("'=1+1", Lapor.Api.Monev.MonevCsv.Quote("=1+1", ','));
        Assert.Equal("-1.5", Lapor.Api.Monev.MonevCsv.Quote("-1.5", ','));
    }

    [Theory]
    [InlineData("period=week")]
    [InlineData("from=2026-13")]
    [InlineData("from=2026-03&to=2026-01")]
    [InlineData("period=day&from=2024-01-01&to=2026-01-01")]
    [InlineData("scope=everything")]
    public async Task Bad_periods_are_refused_naming_the_field(string query)
    {
        using var api = host.Client();
        var response = await api.GetAsync("/api/monev/agencies/kota-malang?" + query, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
