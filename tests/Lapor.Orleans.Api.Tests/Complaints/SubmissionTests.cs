using System.Net;

namespace Lapor.Api.Tests.Complaints;

/// <summary>Run on the embedded default (<see cref="SubmissionTestsOnSqlite"/>) and on PostgreSQL (<see cref="SubmissionTestsOnPostgres"/>).</summary>
public abstract class SubmissionTests(ApiHost host)
{
    private static async Task<int> InboxCountAsync(LaporClient api, string agencyId) =>
        (await LaporClient.JsonAsync(await api.GetAsync($"/api/agencies/{agencyId}/inbox?take=200", "admin.nasional")))["total"]!.GetValue<int>();

    [Fact]
    public async Task A_retried_submission_with_the_same_idempotency_key_returns_the_same_complaint_and_secret()
    {
        using var api = host.Client();
        var agency = await api.DefineAgencyAsync("idem", "nasional", "ministry");
        var key = Guid.NewGuid().ToString();
        var report = new ReportBuilder { TargetAgencyId = agency };
        var first = await api.SendAsync(HttpMethod.Post, "/api/complaints", report, idempotencyKey: key);
        var second = await api.SendAsync(HttpMethod.Post, "/api/complaints", report, idempotencyKey: key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var a = await LaporClient.JsonAsync(first);
        var b = await LaporClient.JsonAsync(second);
        Assert.Equal(a["trackingCode"]!.GetValue<string>(), b["trackingCode"]!.GetValue<string>());
        Assert.Equal(a["secret"]!.GetValue<string>(), b["secret"]!.GetValue<string>());
        Assert.Equal(1, await InboxCountAsync(api, agency));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_make_exactly_one_complaint()
    {
        using var api = host.Client();
        var agency = await api.DefineAgencyAsync("idem-par", "nasional", "ministry");
        var key = Guid.NewGuid().ToString();
        var report = new ReportBuilder { TargetAgencyId = agency };
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.SendAsync(HttpMethod.Post, "/api/complaints", report, idempotencyKey: key)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var codes = await Task.WhenAll(responses.Select(async r => (await LaporClient.JsonAsync(r))["trackingCode"]!.GetValue<string>()));
        Assert.Single(codes.Distinct());
        Assert.Equal(1, await InboxCountAsync(api, agency));
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_report_is_refused()
    {
        using var api = host.Client();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, "/api/complaints", new ReportBuilder(), idempotencyKey: key)).StatusCode);
        var other = await api.SendAsync(HttpMethod.Post, "/api/complaints", new ReportBuilder { Title = "Laporan lain sama sekali" }, idempotencyKey: key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(other))["errors"]!["Idempotency-Key"]);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412_and_changes_nothing()
    {
        using var api = host.Client();
        var (code, _, created) = await api.SubmitAsync();
        var version = created["version"]!.GetValue<int>();
        var routed = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional", ifMatch: $"\"{version}\"");
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal($"\"{version + 1}\"", routed.Headers.ETag!.ToString());

        var stale = await api.PostAsync($"/api/complaints/{code}/route-to-unit", new { unitId = "malang-dishub" }, user: "admin.malang", ifMatch: $"\"{version}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var now = await LaporClient.JsonAsync(await api.GetAsync($"/api/complaints/{code}", "admin.nasional"));
        Assert.Equal(version + 1, now["version"]!.GetValue<int>());
        Assert.Null(now["assignments"]![0]!["unitId"]);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    [InlineData("1")]
    public async Task A_malformed_if_match_is_a_400_naming_the_header(string ifMatch)
    {
        using var api = host.Client();
        var (code, _, _) = await api.SubmitAsync();
        var response = await api.PostAsync($"/api/complaints/{code}/hold", new { message = "Mohon lengkapi." }, user: "admin.nasional", ifMatch: ifMatch);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(response))["errors"]!["If-Match"]);
    }

    [Fact]
    public async Task A_late_filing_is_flagged_not_dropped()
    {
        using var api = host.Client();
        var late = await api.SendAsync(HttpMethod.Post, "/api/complaints", new
        {
            kind = "aspiration", title = "Usulan taman kota", body = "Mohon dibangun taman bermain anak di kelurahan kami.",
            incidentDate = "2026-01-05", location = new { regionCode = "35.73" }, category = "Tata kota", channel = "qrCode",
        }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        var complaint = (await LaporClient.JsonAsync(late))["complaint"]!;
        Assert.True(complaint["lateFiling"]!.GetValue<bool>());
        Assert.Equal("qrCode", complaint["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_report_to_a_chosen_agency_is_verified_by_that_agency()
    {
        using var api = host.Client();
        var (code, _, created) = await api.SubmitAsync(new ReportBuilder { TargetAgencyId = "kota-malang" });
        Assert.Equal("kota-malang", created["deadline"]!["holderAgencyId"]!.GetValue<string>());
        var routed = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.malang");
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
    }
}
