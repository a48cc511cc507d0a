using System.Net;

namespace Lapor.Api.Tests.Auth;

/// <summary>
/// Every role against every action. Each cell gets a fresh complaint in the state the action needs, routed to Kota
/// Malang's transport office (Dishub) where that matters, so an allowed cell can really succeed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiHost host)
{
    public const string Anonymous = "anonim";
    public const string Reporter = "pelapor";

    private static readonly string[] Identities =
    [
        Anonymous, Reporter, "admin.nasional", "admin.jatim", "admin.malang", "petugas.dishub",
        "admin.kemendikdasmen", "petugas.dpupr", "pengawas",
    ];

    private enum Setup { Submitted, OnHold, RoutedToDishub, Resolved, Closed }

    private sealed record Action(string Name, Setup Setup, HttpMethod Method, string Path, object? Body, string[] Allowed);

    private static readonly string[] InChain = ["admin.jatim", "admin.malang"];

    private static readonly Action[] Actions =
    [
        new("staff-read", Setup.RoutedToDishub, HttpMethod.Get, "/api/complaints/{code}", null,
            ["admin.nasional", "admin.jatim", "admin.malang", "petugas.dishub", "pengawas"]),
        new("reporter-read", Setup.Submitted, HttpMethod.Get, "/api/reporter/complaints/{code}", null, [Reporter]),
        new("route", Setup.Submitted, HttpMethod.Post, "/api/complaints/{code}/route", new { agencyId = "kota-malang" }, ["admin.nasional"]),
        new("hold", Setup.Submitted, HttpMethod.Post, "/api/complaints/{code}/hold", new { message = "Mohon lengkapi." }, ["admin.nasional"]),
        new("archive", Setup.Submitted, HttpMethod.Post, "/api/complaints/{code}/archive", new { reason = "Duplikat." }, ["admin.nasional"]),
        new("route-to-unit", Setup.RoutedToDishub, HttpMethod.Post, "/api/complaints/{code}/route-to-unit", new { unitId = "malang-dpupr" },
            ["admin.nasional", .. InChain]),
        new("not-our-authority", Setup.RoutedToDishub, HttpMethod.Post, "/api/complaints/{code}/not-our-authority", new { reason = "Bukan wewenang." },
            InChain),
        new("follow-up", Setup.RoutedToDishub, HttpMethod.Post, "/api/complaints/{code}/follow-ups", new { message = "Ditinjau." },
            [.. InChain, "petugas.dishub"]),
        new("resolve", Setup.RoutedToDishub, HttpMethod.Post, "/api/complaints/{code}/resolution", new { message = "Selesai." },
            [.. InChain, "petugas.dishub"]),
        new("related-agency", Setup.RoutedToDishub, HttpMethod.Post, "/api/complaints/{code}/related-agencies", new { agencyId = "kemendikdasmen" },
            ["admin.nasional", .. InChain]),
        new("reply", Setup.RoutedToDishub, HttpMethod.Post, "/api/reporter/complaints/{code}/replies", new { message = "Terima kasih." }, [Reporter]),
        new("supply-information", Setup.OnHold, HttpMethod.Post, "/api/reporter/complaints/{code}/information", new { message = "Lokasi: depan SDN 1." }, [Reporter]),
        new("confirmation", Setup.Resolved, HttpMethod.Post, "/api/reporter/complaints/{code}/confirmation", new { rating = 5 }, [Reporter]),
        new("rating", Setup.Closed, HttpMethod.Post, "/api/reporter/complaints/{code}/rating", new { rating = 3 }, [Reporter]),
        new("reopen", Setup.Closed, HttpMethod.Post, "/api/reporter/complaints/{code}/reopen", new { reason = "Belum beres." }, [Reporter]),
        new("inbox-kota-malang", Setup.Submitted, HttpMethod.Get, "/api/agencies/kota-malang/inbox", null,
            ["admin.nasional", "admin.jatim", "admin.malang", "pengawas"]),
        new("summary-malang-dishub", Setup.Submitted, HttpMethod.Get, "/api/agencies/malang-dishub/summary", null,
            ["admin.nasional", "admin.jatim", "admin.malang", "petugas.dishub", "pengawas"]),
        new("define-agency", Setup.Submitted, HttpMethod.Put, "/api/admin/agencies/{slug}",
            new { name = "Instansi uji matriks", level = "unit", parentId = "kota-malang", zone = "wib" }, ["admin.nasional"]),
        new("sla-policy", Setup.Submitted, HttpMethod.Put, "/api/admin/agencies/malang-dinkes/sla-policy", new { }, ["admin.nasional"]),
    ];

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in Actions)
        {
            foreach (var identity in Identities)
            {
                data.Add(action.Name, identity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_role_may_do_exactly_what_its_policy_and_agency_allow(string actionName, string identity)
    {
        using var api = host.Client();
        var action = Actions.Single(a => a.Name == actionName);
        var (code, secret, _) = await api.SubmitAsync();
        async Task Step(string path, object body, string? user = null, string? reporterSecret = null) =>
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync(path, body, user: user, secret: reporterSecret)).StatusCode);

        if (action.Setup == Setup.OnHold)
        {
            await Step($"/api/complaints/{code}/hold", new { message = "Mohon lengkapi lokasi." }, "admin.nasional");
        }

        if (action.Setup >= Setup.RoutedToDishub)
        {
            await Step($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, "admin.nasional");
            await Step($"/api/complaints/{code}/route-to-unit", new { unitId = "malang-dishub" }, "admin.malang");
        }

        if (action.Setup >= Setup.Resolved)
        {
            await Step($"/api/complaints/{code}/resolution", new { message = "Selesai." }, "petugas.dishub");
        }

        if (action.Setup == Setup.Closed)
        {
            await Step($"/api/reporter/complaints/{code}/confirmation", new { }, reporterSecret: secret);
        }

        var before = await LaporClient.JsonAsync(await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional"));
        var path = action.Path.Replace("{code}", code, StringComparison.Ordinal)
            .Replace("{slug}", "uji-" + Guid.NewGuid().ToString("N")[..10], StringComparison.Ordinal);
        var response = await api.SendAsync(action.Method, path, action.Body,
            user: identity is Anonymous or Reporter ? null : identity,
            secret: identity == Reporter ? secret : null);

        var allowed = action.Allowed.Contains(identity);
        if (allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{identity} → {actionName}: expected success, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            // No credentials for the endpoint's scheme: 401. Authenticated but not permitted: 403 when the role may
            // never do this (or, for staff who can see the complaint, when their agency may not; 409 when the action is
            // impossible in this state). Staff who cannot see the complaint get exactly the answer of a complaint that
            // does not exist (404), never 403/409/412, so nothing tells them it exists.
            var seesIt = identity is not (Anonymous or Reporter)
                && (await api.GetAsync($"/api/complaints/{code}", user: identity)).StatusCode == HttpStatusCode.OK;
            var complaintAction = action.Path.Contains("{code}", StringComparison.Ordinal) && !action.Path.StartsWith("/api/reporter", StringComparison.Ordinal);
            var expected = identity == Anonymous || (identity == Reporter) != action.Path.StartsWith("/api/reporter", StringComparison.Ordinal)
                ? new[] { HttpStatusCode.Unauthorized }
                : complaintAction && !seesIt ? [HttpStatusCode.Forbidden, HttpStatusCode.NotFound]
                : [HttpStatusCode.Forbidden, HttpStatusCode.Conflict];
            Assert.True(expected.Contains(response.StatusCode), $"{identity} → {actionName}: expected {string.Join("/", expected)}, got {(int)response.StatusCode}");
            var after = await LaporClient.JsonAsync(await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional"));
            Assert.Equal(before["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_reporter_secret_opens_only_its_own_complaint()
    {
        using var api = host.Client();
        var first = await api.SubmitAsync();
        var second = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/reporter/complaints/{first.Code}", secret: first.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/reporter/complaints/{second.Code}", secret: first.Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/reporter/complaints/{first.Code}", secret: first.Secret[..^1] + (first.Secret[^1] == '0' ? '1' : '0'))).StatusCode);
        // An unknown code answers exactly like a wrong secret: nothing tells whether it exists.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/reporter/complaints/LPR-0000000000", secret: first.Secret)).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var api = host.Client();
        var forged = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().WriteToken(new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(
            issuer: "lapor-orleans", audience: "lapor-api",
            claims: [new("sub", "x"), new("role", "national-admin"), new("agency", "nasional")],
            expires: DateTime.UtcNow.AddHours(1),
            signingCredentials: new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256)));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/admin/agencies/palsu")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "Palsu", level = "unit", parentId = "nasional", zone = "wib" }),
        };
        request.Headers.Authorization = new("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Demo_tokens_need_the_demo_password()
    {
        using var api = host.Client();
        var response = await api.SendAsync(HttpMethod.Post, "/api/dev/token", new { username = "admin.nasional", password = "salah" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
