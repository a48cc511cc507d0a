using System.Net;
using System.Text;

namespace Lapor.Api.Tests.Http;

/// <summary>Malformed and hostile input gets a 400-family problem naming the field, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiHost host)
{
    private const string Valid = """{"kind":"complaint","title":"Judul laporan","body":"Isi laporan yang cukup panjang.","incidentDate":"2026-11-20","location":{"regionCode":"35.73"},"category":"Umum"}""";

    public static TheoryData<string, string> BadSubmissions() => new()
    {
        { "{", "" },
        { "[]", "" },
        { "null", "body" },
        { "{}", "kind" },
        { Valid.Replace("\"complaint\"", "\"bogus\"", StringComparison.Ordinal), "kind" },
        { Valid.Replace("\"complaint\"", "3", StringComparison.Ordinal), "kind" },
        { Valid.Replace("\"Judul laporan\"", "12", StringComparison.Ordinal), "title" },
        { Valid.Replace("\"Judul laporan\"", "\"ab\"", StringComparison.Ordinal), "title" },
        { Valid.Replace("\"Judul laporan\"", "\"" + new string('x', 201) + "\"", StringComparison.Ordinal), "title" },
        { Valid.Replace("\"Judul laporan\"", "\"Judul\\u0000laporan\"", StringComparison.Ordinal), "title" },
        { Valid.Replace("\"2026-11-20\"", "\"20-11-2026\"", StringComparison.Ordinal), "incidentDate" },
        { Valid.Replace("\"2026-11-20\"", "\"2099-01-01\"", StringComparison.Ordinal), "incidentDate" },
        { Valid.Replace("\"35.73\"", "\"'; DROP TABLE x;--\"", StringComparison.Ordinal), "location.regionCode" },
        { Valid.Replace("{\"regionCode\":\"35.73\"}", "{\"regionCode\":\"35.73\",\"latitude\":48.8,\"longitude\":2.3}", StringComparison.Ordinal), "location.latitude" },
        { Valid.Replace("{\"regionCode\":\"35.73\"}", "{\"regionCode\":\"35.73\",\"latitude\":-7.9}", StringComparison.Ordinal), "location.latitude" },
        { Valid.Replace("\"Umum\"", "\"Umum\",\"targetAgencyId\":\"../../etc/passwd\"", StringComparison.Ordinal), "targetAgencyId" },
        { Valid.Replace("\"Umum\"", "\"Umum\",\"targetAgencyId\":\"tidak-ada\"", StringComparison.Ordinal), "targetAgencyId" },
        { Valid.Replace("\"Umum\"", "\"Umum\",\"channel\":\"fax\"", StringComparison.Ordinal), "channel" },
        { Valid.Replace("\"Umum\"", "\"Umum\",\"anonymous\":\"yes\"", StringComparison.Ordinal), "anonymous" },
        { Valid.Replace("\"Umum\"", "\"Umum\",\"reporter\":{\"phone\":\"<script>\"}", StringComparison.Ordinal), "reporter.phone" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task A_bad_submission_is_a_400_problem_naming_the_field(string body, string field)
    {
        using var api = host.Client();
        var response = await api.SendAsync(HttpMethod.Post, "/api/complaints", body, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await LaporClient.JsonAsync(response);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        if (field.Length > 0)
        {
            Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"expected errors[{field}] in {problem.ToJsonString()}");
        }
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read()
    {
        using var api = host.Client();
        var huge = Valid.Replace("Isi laporan yang cukup panjang.", new string('a', 400_000), StringComparison.Ordinal);
        var response = await api.SendAsync(HttpMethod.Post, "/api/complaints", huge, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_field_limit_is_a_400_naming_the_field()
    {
        using var api = host.Client();
        var longBody = Valid.Replace("Isi laporan yang cukup panjang.", new string('a', 20_001), StringComparison.Ordinal);
        var response = await api.SendAsync(HttpMethod.Post, "/api/complaints", longBody, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(response))["errors"]!["body"]);
    }

    [Fact]
    public async Task Markup_and_sql_in_text_are_stored_as_plain_text()
    {
        using var api = host.Client();
        const string title = "<script>alert(1)</script> ' OR 1=1 --";
        var (code, secret, _) = await api.SubmitAsync(new ReportBuilder { Title = title });
        var own = await LaporClient.JsonAsync(await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret));
        Assert.Equal(title, own["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/public/complaints?take=abc", "take")]
    [InlineData("/api/public/complaints?take=0", "take")]
    [InlineData("/api/public/complaints?cursor=bm9wZQ", "cursor")]
    [InlineData("/api/public/complaints?agencyId=UPPER", "agencyId")]
    public async Task Bad_query_parameters_are_a_400_naming_the_parameter(string path, string field)
    {
        using var api = host.Client();
        var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(response))["errors"]![field]);
    }

    [Theory]
    [InlineData("/api/public/complaints/LPR-0000000000")]
    [InlineData("/api/public/complaints/not-a-code")]
    [InlineData("/api/public/complaints/LPR-%00%00")]
    [InlineData("/api/agencies/..%2F..%2Fetc")]
    [InlineData("/api/calendar/99999")]
    public async Task Unknown_or_malformed_identifiers_are_refused_as_not_found_or_bad_request(string path)
    {
        using var api = host.Client();
        var response = await api.GetAsync(path);
        // Kestrel itself refuses a NUL in the path with 400 before routing; everything else is a 404.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.BadRequest });
    }

    [Fact]
    public async Task Bad_idempotency_keys_and_bad_commands_name_what_is_wrong()
    {
        using var api = host.Client();
        var badKey = await api.SendAsync(HttpMethod.Post, "/api/complaints", Valid, idempotencyKey: "short");
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(badKey))["errors"]!["Idempotency-Key"]);

        var (code, secret, _) = await api.SubmitAsync();
        var noRating = await api.PostAsync($"/api/reporter/complaints/{code}/rating", new { rating = 9 }, secret: secret);
        Assert.Equal(HttpStatusCode.BadRequest, noRating.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(noRating))["errors"]!["rating"]);

        var badRoute = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "tidak-ada" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, badRoute.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(badRoute))["errors"]!["agencyId"]);

        var wrongState = await api.PostAsync($"/api/reporter/complaints/{code}/confirmation", new { rating = 5 }, secret: secret);
        Assert.Equal(HttpStatusCode.Conflict, wrongState.StatusCode);

        var emptyBody = await api.SendAsync(HttpMethod.Post, $"/api/complaints/{code}/hold", "", user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, emptyBody.StatusCode);
    }

    [Fact]
    public async Task Wrong_content_type_is_refused_with_a_problem()
    {
        using var api = host.Client();
        using var content = new StringContent(Valid, Encoding.UTF8, "text/plain");
        var response = await api.Http.PostAsync("/api/complaints", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_agency_definitions_name_the_field()
    {
        using var api = host.Client();
        var cycle = await api.SendAsync(HttpMethod.Put, "/api/admin/agencies/prov-jatim",
            new { name = "Provinsi Jawa Timur", level = "province", parentId = "kota-malang", zone = "wib" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(cycle))["errors"]!["parentId"]);

        var policy = await api.SendAsync(HttpMethod.Put, "/api/admin/agencies/malang-dinkes/sla-policy",
            new { firstResponse = new { amount = 0, unit = "workingDays" } }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, policy.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(policy))["errors"]!["firstResponse.amount"]);
    }
}
