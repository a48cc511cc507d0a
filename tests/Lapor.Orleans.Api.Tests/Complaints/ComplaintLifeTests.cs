using System.Net;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Complaints;

/// <summary>
/// A complaint's life over HTTP: submission, routing, follow-up, resolution, confirmation, reopening, bounces, related
/// agencies and holds. Run on the embedded default (<see cref="ComplaintLifeTestsOnSqlite"/>) and on PostgreSQL
/// (<see cref="ComplaintLifeTestsOnPostgres"/>).
/// </summary>
public abstract class ComplaintLifeTests(ApiHost host)
{
    private static string[] Actions(JsonObject complaint) =>
        [.. complaint["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];

    [Fact]
    public async Task A_complaint_lives_its_whole_life_over_http_from_submission_to_reopening()
    {
        using var api = host.Client();
        var (code, secret, created) = await api.SubmitAsync();
        Assert.Equal("submitted", created["status"]!.GetValue<string>());
        Assert.Equal("nasional", created["deadline"]!["holderAgencyId"]!.GetValue<string>());

        // Admin Nasional verifies and routes to Kota Malang.
        var routed = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang", resolutionClass = "normative" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal("routed", (await LaporClient.JsonAsync(routed))["status"]!.GetValue<string>());

        // Kota Malang's admin sends it on to the transport office (Dishub).
        var toUnit = await api.PostAsync($"/api/complaints/{code}/route-to-unit", new { unitId = "malang-dishub" }, user: "admin.malang");
        Assert.Equal(HttpStatusCode.OK, toUnit.StatusCode);
        var inbox = await LaporClient.JsonAsync(await api.GetAsync("/api/agencies/malang-dishub/inbox?take=200", user: "petugas.dishub"));
        Assert.Contains(inbox["items"]!.AsArray(), i => i!["complaintId"]!.GetValue<string>() == code);

        // The liaison officer answers, the reporter replies, the officer resolves.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/follow-ups", new { message = "Tim sudah meninjau lokasi." }, user: "petugas.dishub")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/reporter/complaints/{code}/replies", new { message = "Terima kasih, kapan diperbaiki?" }, secret: secret)).StatusCode);
        var resolved = await api.PostAsync($"/api/complaints/{code}/resolution", new { message = "Jalan sudah ditambal." }, user: "petugas.dishub");
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await LaporClient.JsonAsync(resolved))["status"]!.GetValue<string>());

        // The reporter confirms with a rating; the complaint is closed and published.
        var confirmed = await api.PostAsync($"/api/reporter/complaints/{code}/confirmation", new { rating = 4, comment = "Cepat." }, secret: secret);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var closed = await LaporClient.JsonAsync(confirmed);
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.Equal(4, closed["rating"]!.GetValue<int>());

        var afterClose = await LaporClient.JsonAsync(await api.GetAsync("/api/agencies/malang-dishub/inbox?take=200", user: "petugas.dishub"));
        Assert.DoesNotContain(afterClose["items"]!.AsArray(), i => i!["complaintId"]!.GetValue<string>() == code);
        var feed = await LaporClient.JsonAsync(await api.GetAsync("/api/public/complaints?take=100"));
        Assert.Contains(feed["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == code);

        // Not satisfied after all: reopened, back in progress and in the unit's inbox.
        var reopened = await api.PostAsync($"/api/reporter/complaints/{code}/reopen", new { reason = "Lubang muncul lagi setelah hujan." }, secret: secret);
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        var final = await LaporClient.JsonAsync(reopened);
        Assert.Equal("inProgress", final["status"]!.GetValue<string>());
        Assert.Equal(1, final["reopenCount"]!.GetValue<int>());
        Assert.Equal(
            ["submitted", "routed", "routed-to-unit", "follow-up", "reporter-reply", "resolved", "confirmed", "reopened"],
            Actions(final));
        var sequences = final["timeline"]!.AsArray().Select(e => e!["sequence"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count), sequences);
    }

    [Fact]
    public async Task The_public_list_finds_a_routed_complaint_by_words_of_its_title_and_pages_with_a_cursor()
    {
        using var api = host.Client();
        var word = "kata" + Guid.NewGuid().ToString("N")[..8];
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (code, _, _) = await api.SubmitAsync(new ReportBuilder { Title = $"Lampu jalan padam {word} {i}" });
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
            codes.Add(code);
        }

        var seen = new List<string>();
        var first = await api.ReadAsync($"/api/public/complaints?q={word.ToUpperInvariant()}&take=2&status=routed");
        seen.AddRange(first["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await api.ReadAsync($"/api/public/complaints?q={word}&take=2&status=routed&cursor={cursor}");
        seen.AddRange(second["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));

        // Newest first; two submissions in the same millisecond order by code, so compare the sets.
        Assert.Equal(codes.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Null(second["nextCursor"]);
        Assert.Empty((await api.ReadAsync($"/api/public/complaints?q={word}&status=closed"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Not_our_authority_returns_the_complaint_to_national_rerouting()
    {
        using var api = host.Client();
        var (code, _, _) = await api.SubmitAsync();
        await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kemendikdasmen" }, user: "admin.nasional");
        var bounced = await api.PostAsync($"/api/complaints/{code}/not-our-authority", new { reason = "Jalan kota, bukan kewenangan kementerian." }, user: "admin.kemendikdasmen");
        Assert.Equal(HttpStatusCode.OK, bounced.StatusCode);
        var json = await LaporClient.JsonAsync(bounced);
        Assert.Equal("bounced", json["status"]!.GetValue<string>());
        Assert.Equal("rerouting", json["deadline"]!["step"]!.GetValue<string>());

        var rerouted = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, rerouted.StatusCode);
        var assignments = (await LaporClient.JsonAsync(rerouted))["assignments"]!.AsArray();
        Assert.Equal("kota-malang", Assert.Single(assignments)!["agencyId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cross_sector_complaint_gives_the_related_agency_its_own_deadline_and_resolves_with_the_primary()
    {
        using var api = host.Client();
        var (code, secret, _) = await api.SubmitAsync();
        await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional");
        var related = await api.PostAsync($"/api/complaints/{code}/related-agencies", new { agencyId = "kemendikdasmen" }, user: "admin.malang");
        Assert.Equal(HttpStatusCode.OK, related.StatusCode);
        var assignments = (await LaporClient.JsonAsync(related))["assignments"]!.AsArray();
        Assert.Equal(2, assignments.Count);
        Assert.All(assignments, a => Assert.Equal("firstResponse", a!["deadline"]!["step"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/resolution", new { message = "Bagian kementerian selesai." }, user: "admin.kemendikdasmen")).StatusCode);
        var staffView = await LaporClient.JsonAsync(await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional"));
        Assert.Equal("routed", staffView["status"]!.GetValue<string>());

        var done = await api.PostAsync($"/api/complaints/{code}/resolution", new { message = "Selesai." }, user: "admin.malang");
        Assert.Equal("resolved", (await LaporClient.JsonAsync(done))["status"]!.GetValue<string>());
        var mine = await LaporClient.JsonAsync(await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret));
        Assert.Equal("resolved", mine["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_hold_asks_the_reporter_and_supplying_information_resumes_verification()
    {
        using var api = host.Client();
        var (code, secret, _) = await api.SubmitAsync();
        var held = await LaporClient.JsonAsync(await api.PostAsync($"/api/complaints/{code}/hold", new { message = "Mohon lampirkan lokasi tepatnya." }, user: "admin.nasional"));
        Assert.Equal("onHold", held["status"]!.GetValue<string>());
        Assert.Equal("holdExpiry", held["deadline"]!["step"]!.GetValue<string>());

        var mine = await LaporClient.JsonAsync(await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret));
        Assert.Contains(mine["timeline"]!.AsArray(), e => e!["message"]?.GetValue<string>() == "Mohon lampirkan lokasi tepatnya.");

        var resumed = await LaporClient.JsonAsync(await api.PostAsync($"/api/reporter/complaints/{code}/information", new { message = "Depan SDN Ijen 1." }, secret: secret));
        Assert.Equal("submitted", resumed["status"]!.GetValue<string>());
        Assert.Equal("verification", resumed["deadline"]!["step"]!.GetValue<string>());
    }
}
