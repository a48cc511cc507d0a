using System.Net;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Complaints;

/// <summary>Anonim hides who reported from everyone but the reporter; rahasia hides the content from the public.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedactionTests(ApiHost host)
{
    private static readonly string[] Identity = ["Siti Rahayu", "siti.rahayu@example.id", "+6281234567890"];

    private static void AssertNoIdentity(string raw)
    {
        foreach (var piece in Identity)
        {
            Assert.DoesNotContain(piece, raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Routed to Dishub, followed up, so it shows in inboxes, the public feed (if allowed) and every read path.</summary>
    private static async Task<LaporClient.Submitted> InProgressAsync(LaporClient api, bool anonymous, bool confidential, string title)
    {
        var submitted = await api.SubmitAsync(new ReportBuilder { Anonymous = anonymous, Confidential = confidential, Title = title });
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{submitted.Code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{submitted.Code}/route-to-unit", new { unitId = "malang-dishub" }, user: "admin.malang")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{submitted.Code}/follow-ups", new { message = "Ditinjau petugas." }, user: "petugas.dishub")).StatusCode);
        return submitted;
    }

    /// <summary>Every read path a non-reporter has, as raw JSON.</summary>
    private static async Task<Dictionary<string, (HttpStatusCode Status, string Body)>> ReadEverywhereAsync(LaporClient api, string code)
    {
        async Task<(HttpStatusCode, string)> Read(string path, string? user = null)
        {
            var response = await api.GetAsync(path, user);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        return new()
        {
            ["public-read"] = await Read($"/api/public/complaints/{code}"),
            ["public-list"] = await Read("/api/public/complaints?take=100"),
            ["public-list-agency"] = await Read("/api/public/complaints?take=100&agencyId=kota-malang"),
            ["staff-national"] = await Read($"/api/complaints/{code}", "admin.nasional"),
            ["staff-agency"] = await Read($"/api/complaints/{code}", "admin.malang"),
            ["staff-officer"] = await Read($"/api/complaints/{code}", "petugas.dishub"),
            ["overseer"] = await Read($"/api/complaints/{code}", "pengawas"),
            ["inbox-unit"] = await Read("/api/agencies/malang-dishub/inbox?take=200", "petugas.dishub"),
            ["inbox-agency"] = await Read("/api/agencies/kota-malang/inbox?take=200", "admin.malang"),
            ["summary"] = await Read("/api/agencies/malang-dishub/summary", "petugas.dishub"),
        };
    }

    [Fact]
    public async Task An_anonymous_reporter_is_hidden_on_every_read_path_but_their_own()
    {
        using var api = host.Client();
        var (code, secret, _) = await InProgressAsync(api, anonymous: true, confidential: false, title: "Pungutan liar di kantor kelurahan");
        foreach (var (path, (status, body)) in await ReadEverywhereAsync(api, code))
        {
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status}");
            AssertNoIdentity(body);
        }

        var own = await LaporClient.JsonAsync(await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret));
        Assert.Equal("Siti Rahayu", own["reporter"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_confidential_report_never_reaches_the_public_but_its_staff_read_it()
    {
        using var api = host.Client();
        var title = "Rahasia: dugaan suap izin usaha " + Guid.NewGuid().ToString("N")[..6];
        var (code, _, _) = await InProgressAsync(api, anonymous: false, confidential: true, title: title);
        var reads = await ReadEverywhereAsync(api, code);

        Assert.Equal(HttpStatusCode.NotFound, reads["public-read"].Status);
        foreach (var path in new[] { "public-read", "public-list", "public-list-agency" })
        {
            Assert.DoesNotContain(code, reads[path].Body, StringComparison.Ordinal);
            Assert.DoesNotContain(title, reads[path].Body, StringComparison.Ordinal);
        }

        Assert.Contains(title, reads["staff-agency"].Body, StringComparison.Ordinal);
        Assert.Contains(title, reads["inbox-unit"].Body, StringComparison.Ordinal);
        // Not anonymous: the handling agency may know who reported.
        Assert.Contains("Siti Rahayu", reads["staff-officer"].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_reads_a_published_report_without_identity_coordinates_or_internal_entries()
    {
        using var api = host.Client();
        var (code, _, _) = await InProgressAsync(api, anonymous: false, confidential: false, title: "Lampu jalan padam di Jl. Ijen");
        var response = await api.GetAsync($"/api/public/complaints/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await LaporClient.JsonAsync(response);
        AssertNoIdentity(json.ToJsonString());
        Assert.Null(json["reporter"]);
        Assert.Null(json["location"]!["latitude"]);
        Assert.All(json["timeline"]!.AsArray(), e => Assert.Equal("public", e!["visibility"]!.GetValue<string>()));
        // Officers are named by their agency only.
        Assert.DoesNotContain(json["timeline"]!.AsArray(), e => e!["actorId"]!.GetValue<string>() is "petugas.dishub" or "admin.malang" or "admin.nasional");
    }

    [Fact]
    public async Task A_report_is_not_public_before_verification()
    {
        using var api = host.Client();
        var (code, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/public/complaints/{code}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_may_make_a_report_anonymous_at_verification_but_never_reveal_an_anonymous_one()
    {
        using var api = host.Client();
        var open = await api.SubmitAsync();
        var routed = await LaporClient.JsonAsync(await api.PostAsync($"/api/complaints/{open.Code}/route",
            new { agencyId = "kota-malang", anonymous = true, confidential = true }, user: "admin.nasional"));
        Assert.True(routed["anonymous"]!.GetValue<bool>());
        AssertNoIdentity(await (await api.GetAsync($"/api/complaints/{open.Code}", "admin.malang")).Content.ReadAsStringAsync());

        var hidden = await api.SubmitAsync(new ReportBuilder { Anonymous = true });
        var reveal = await api.PostAsync($"/api/complaints/{hidden.Code}/route", new { agencyId = "kota-malang", anonymous = false }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, reveal.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(reveal))["errors"]!["anonymous"]);
    }

    [Fact]
    public async Task The_submission_answer_is_for_the_reporter_and_problem_answers_never_echo_input()
    {
        using var api = host.Client();
        var response = await api.SendAsync(HttpMethod.Post, "/api/complaints",
            """{"kind":"complaint","title":"Siti Rahayu minta tolong","body":"pendek","incidentDate":"2026-11-20","location":{"regionCode":"35.73"},"category":"Infrastruktur","reporter":{"name":"Siti Rahayu","email":"bukan-surel"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        AssertNoIdentity(raw);
        var errors = (await LaporClient.JsonAsync(response))["errors"]!.AsObject();
        Assert.Contains("body", errors.Select(e => e.Key));
        Assert.Contains("reporter.email", errors.Select(e => e.Key));
        _ = JsonNode.Parse(raw);
    }
}
