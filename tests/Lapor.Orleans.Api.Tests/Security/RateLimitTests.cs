using System.Net;
using System.Text.Json;

namespace Lapor.Api.Tests.Security;

/// <summary>ASP.NET Core's rate limiter over real HTTP: 429 problem details with Retry-After, each limit on its own key.</summary>
[Collection(SecuredApiCollection.Name)]
public sealed class RateLimitTests(SecuredApiHost host)
{
    private static readonly string Report = new ReportBuilder().ToJson();

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        var problem = await LaporClient.JsonAsync(response);
        Assert.Equal(429, problem["status"]!.GetValue<int>());
        Assert.Equal("Terlalu banyak permintaan.", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submissions_are_limited_per_client_address()
    {
        using var api = host.Client();
        for (var i = 0; i < 3; i++)
        {
            using var ok = SecuredApiHost.From("203.0.113.10", HttpMethod.Post, "/api/complaints", Report);
            Assert.Equal(HttpStatusCode.Created, (await api.Http.SendAsync(ok)).StatusCode);
        }

        using var fourth = SecuredApiHost.From("203.0.113.10", HttpMethod.Post, "/api/complaints", Report);
        await AssertTooManyAsync(await api.Http.SendAsync(fourth));

        using var other = SecuredApiHost.From("203.0.113.11", HttpMethod.Post, "/api/complaints", Report);
        Assert.Equal(HttpStatusCode.Created, (await api.Http.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task The_web_forms_post_spends_the_same_per_address_budget_as_the_api_submission()
    {
        using var api = host.Client();
        async Task<HttpResponseMessage> PostForm(string address)
        {
            // Refused later for its missing anti-forgery token; the limiter counts it before that, as it counts any post.
            using var request = SecuredApiHost.From(address, HttpMethod.Post, "/lapor");
            request.Content = new FormUrlEncodedContent([new("_handler", "lapor"), new("Form.Title", "Uji")]);
            return await api.Http.SendAsync(request);
        }

        using var page = SecuredApiHost.From("203.0.113.12", HttpMethod.Get, "/lapor");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(page)).StatusCode);
        for (var i = 0; i < 2; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostForm("203.0.113.12")).StatusCode);
        }

        using var viaApi = SecuredApiHost.From("203.0.113.12", HttpMethod.Post, "/api/complaints", Report);
        Assert.Equal(HttpStatusCode.Created, (await api.Http.SendAsync(viaApi)).StatusCode);
        await AssertTooManyAsync(await PostForm("203.0.113.12"));
        using var again = SecuredApiHost.From("203.0.113.12", HttpMethod.Get, "/lapor");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_track_pages_multipart_posts_have_a_budget_per_address_and_its_plain_posts_do_not_spend_it()
    {
        using var api = host.Client();
        async Task<HttpResponseMessage> PostTrack(string address, bool multipart)
        {
            // A reply may carry files (multipart); opening the complaint is a plain form. Both are refused later for the
            // missing anti-forgery token: the limiter decides first.
            using var request = SecuredApiHost.From(address, HttpMethod.Post, "/lacak");
            request.Content = multipart
                ? new MultipartFormDataContent { { new StringContent("balas"), "_handler" }, { new ByteArrayContent(new byte[1024]), "berkas", "foto.jpg" } }
                : new FormUrlEncodedContent([new("_handler", "lacak"), new("Track.Code", "LPR-0000000000-000")]);
            return await api.Http.SendAsync(request);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostTrack("203.0.113.13", multipart: true)).StatusCode);
        }

        await AssertTooManyAsync(await PostTrack("203.0.113.13", multipart: true));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostTrack("203.0.113.13", multipart: false)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostTrack("203.0.113.14", multipart: true)).StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_back_off_per_account_and_address()
    {
        using var api = host.Client();
        async Task<HttpResponseMessage> SignIn(string address, string user, string password)
        {
            using var request = SecuredApiHost.From(address, HttpMethod.Post, "/api/auth/token",
                JsonSerializer.Serialize(new { username = user, password }));
            return await api.Http.SendAsync(request);
        }

        // Two free failures, the third starts the back-off (1 s): the next attempt is refused, even with the right password.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("203.0.113.20", "admin.jatim", "salah")).StatusCode);
        }

        var refused = await SignIn("203.0.113.20", "admin.jatim", "lapor-demo");
        await AssertTooManyAsync(refused);

        // Another account from the same address and the same account from another address are not held back.
        Assert.Equal(HttpStatusCode.OK, (await SignIn("203.0.113.20", "admin.malang", "lapor-demo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn("203.0.113.21", "admin.jatim", "lapor-demo")).StatusCode);
    }

    [Fact]
    public async Task Reporter_secret_checks_are_limited_per_tracking_code()
    {
        using var api = host.Client();
        using var submit = SecuredApiHost.From("203.0.113.30", HttpMethod.Post, "/api/complaints", Report);
        var mine = await LaporClient.JsonAsync(await api.Http.SendAsync(submit));
        var code = mine["trackingCode"]!.GetValue<string>();
        for (var i = 0; i < 3; i++)
        {
            // A guesser's wrong secrets spend the code's budget.
            using var guess = SecuredApiHost.From("203.0.113.3" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpMethod.Get,
                $"/api/reporter/complaints/{code}");
            guess.Headers.Add("X-Tracking-Secret", "SALAH" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.SendAsync(guess)).StatusCode);
        }

        using var fourth = SecuredApiHost.From("203.0.113.39", HttpMethod.Get, $"/api/reporter/complaints/{code}");
        fourth.Headers.Add("X-Tracking-Secret", mine["secret"]!.GetValue<string>());
        await AssertTooManyAsync(await api.Http.SendAsync(fourth));
    }

    [Fact]
    public async Task Misses_of_first_format_codes_are_limited_per_address()
    {
        using var api = host.Client();
        for (var i = 0; i < 2; i++)
        {
            using var miss = SecuredApiHost.From("203.0.113.40", HttpMethod.Get, "/api/public/complaints/LPR-00000000" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.NotFound, (await api.Http.SendAsync(miss)).StatusCode);
        }

        using var third = SecuredApiHost.From("203.0.113.40", HttpMethod.Get, "/api/public/complaints/LPR-0000000099");
        await AssertTooManyAsync(await api.Http.SendAsync(third));
    }
}
