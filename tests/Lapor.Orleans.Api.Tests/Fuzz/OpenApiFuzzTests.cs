using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests.Fuzz;

/// <summary>
/// A bounded fuzz run generated from the served OpenAPI document: at least 10,000 hostile requests over every
/// operation (hostile path, query and header values, broken and mutated bodies, good and forged credentials). Not one
/// may be answered 5xx, every refusal the app writes is problem details, and data written before is unchanged after.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiFuzzTests(ApiHost host, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Rounds = 40;

    private static readonly string[] HostileText =
    [
        "", " ", "0", "-1", "99999999999999999999", "1e400", "NaN", "true", "null", "LPR-0000000000", "LPR-ZZZZZZZZZZ-ZZZ",
        "lpr-abcdefghjk-abc", "..%2F..%2Fetc%2Fpasswd", "%00", "%0D%0Awarn:%20palsu", "%ED%A0%BD", "%F0%9F%98%80",
        "' OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}", "UPPER-CASE", "a-", "-a",
        new string('a', 70), new string('x', 5000), "2026-02-30", "2026-13", "9999", "day", "week", "subtree", "id",
        "\u202e\u0000", "ÿ", "😀",
    ];

    private static readonly string[] HostileBodies =
    [
        "", "{", "}", "[]", "null", "\"x\"", "0", "{\"a\":", "{\"title\":\"\\ud83d\"}", "{\"\\udc00\":1}",
        new string('[', 5000) + new string(']', 5000), "{\"x\":" + new string('9', 5000) + "}", "{\"rating\":1e400}",
        "{\"rating\":\"5\"}", "{\"kind\":3}", "{\"agencyId\":null}", "{\"days\":[{}]}", "{\"year\":-1}",
    ];

    private static readonly string?[] Users = [null, "admin.nasional", "petugas.dishub", "pengawas", "admin.kemendikdasmen"];

    private sealed record Operation(string Method, string Path, string[] PathParameters, string[] QueryParameters, JsonNode? BodySchema);

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_and_leave_earlier_data_intact()
    {
        using var api = host.Client();
        var document = await LaporClient.JsonAsync(await api.GetAsync("/openapi/v1.json"));
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 30, $"only {operations.Count} operations in the document");

        // Earlier data: complaints in several states, the agency tree and the calendar, as staff and the public see them.
        var earlier = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (code, secret, _) = await api.SubmitAsync();
            earlier.Add(code);
            if (i > 0)
            {
                Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
            }

            if (i > 1)
            {
                Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/follow-ups", new { message = "Ditinjau." }, user: "admin.malang")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret)).StatusCode);
            }
        }

        async Task<string> Snapshot()
        {
            var text = new StringBuilder();
            foreach (var code in earlier)
            {
                text.Append(await (await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional")).Content.ReadAsStringAsync());
            }

            foreach (var path in new[] { "/api/agencies/nasional", "/api/agencies/kota-malang", "/api/agencies/malang-dishub", "/api/calendar", "/api/calendar/2026" })
            {
                text.Append(await (await api.GetAsync(path)).Content.ReadAsStringAsync());
            }

            return text.ToString();
        }

        var before = await Snapshot();
        foreach (var user in Users.OfType<string>())
        {
            await api.TokenAsync(user);
        }

        var random = new Random(20261130);
        var requests = new List<Func<HttpRequestMessage>>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var operation in operations)
            {
                for (var variant = 0; variant < 8; variant++)
                {
                    var seed = random.Next();
                    requests.Add(() => Build(operation, new Random(seed)));
                }
            }
        }

        Assert.True(requests.Count >= 10_000, $"{requests.Count} requests");
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var tokens = new ConcurrentDictionary<string, string>();
        foreach (var user in Users.OfType<string>())
        {
            tokens[user] = await api.TokenAsync(user);
        }

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (make, cancellation) =>
        {
            using var request = make();
            if (request.Options.TryGetValue(UserKey, out var user) && user is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
            }

            var description = $"{request.Method} {request.RequestUri}";
            using var response = await api.Http.SendAsync(request, cancellation);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (status >= 500)
            {
                failures.Enqueue($"{status} {description} {body[..Math.Min(body.Length, 200)]}");
            }
            // Open311 paths answer in the GeoReport v2 error format (its specification), everything else in RFC 9457.
            else if (status >= 400 && body.Length > 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                && !IsOpen311Error(request.RequestUri, body))
            {
                failures.Enqueue($"{status} not problem details: {description} {response.Content.Headers.ContentType}");
            }
        });

        output.WriteLine($"{requests.Count} requests over {operations.Count} operations: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers; first: " + string.Join("\n", failures.Take(10)));
        Assert.True(statuses.Keys.All(s => s < 500), string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.Equal(before, await Snapshot());
    }

    private static readonly HttpRequestOptionsKey<string?> UserKey = new("lapor-user");

    private static IEnumerable<Operation> Operations(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!) ?? [];
                var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                yield return new Operation(method.ToUpperInvariant(), path,
                    [.. parameters.Where(p => p["in"]!.GetValue<string>() == "path").Select(p => p["name"]!.GetValue<string>())],
                    [.. parameters.Where(p => p["in"]!.GetValue<string>() == "query").Select(p => p["name"]!.GetValue<string>())],
                    schema is null ? null : Resolve(document, schema));
            }
        }
    }

    private static JsonNode Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference.Split('/')[^1]]!
            : schema;

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>One hostile request: every path value hostile, some query values, a broken or mutated body, odd headers.</summary>
    private static HttpRequestMessage Build(Operation operation, Random random)
    {
        var path = operation.Path;
        foreach (var name in operation.PathParameters)
        {
            var value = Pick(random, HostileText);
            path = path.Replace("{" + name + "}", value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var query = operation.QueryParameters.Where(_ => random.Next(2) == 0)
            .Select(q => q + "=" + Uri.EscapeDataString(Pick(random, HostileText))).ToList();
        if (random.Next(8) == 0)
        {
            query.Add("unknown=" + Uri.EscapeDataString(Pick(random, HostileText)));
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        request.Options.Set(UserKey, Users[random.Next(Users.Length)]);
        switch (random.Next(6))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("If-Match", Pick(random, ["\"abc\"", "W/\"1\"", "*", "1", "\"99999999999\"", "\"-1\""]));
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, ["x", new string('k', 200), "a\tb", "ok-ok-ok-ok"]));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("X-Tracking-Secret", Pick(random, ["", "SALAH", new string('s', 100), "%00"]));
                break;
            case 3:
                request.Headers.TryAddWithoutValidation("Authorization", Pick(random, ["Bearer x.y.z", "Basic YTpi", "Bearer " + new string('a', 3000)]));
                request.Options.Set(UserKey, null);
                break;
        }

        if (operation.Method is "POST" or "PUT")
        {
            var body = random.Next(3) == 0 || operation.BodySchema is null
                ? Pick(random, HostileBodies)
                : Mutate(operation.BodySchema, random).ToJsonString();
            request.Content = new StringContent(body, Encoding.UTF8, random.Next(20) == 0 ? "text/plain" : "application/json");
        }

        return request;
    }

    /// <summary>An object shaped like the schema whose values are each, at random, hostile or of the wrong type.</summary>
    private static JsonObject Mutate(JsonNode schema, Random random)
    {
        var result = new JsonObject();
        foreach (var (name, _) in schema["properties"]?.AsObject() ?? [])
        {
            if (random.Next(4) == 0)
            {
                continue;
            }

            result[name] = random.Next(6) switch
            {
                0 => JsonValue.Create(random.Next(-5, 7)),
                1 => new JsonArray(JsonValue.Create(Pick(random, HostileText))),
                2 => new JsonObject { ["x"] = Pick(random, HostileText) },
                3 => null,
                4 => JsonValue.Create(random.NextDouble() * 1e12),
                _ => JsonValue.Create(Pick(random, HostileText)),
            };
        }

        return result;
    }

    private static bool IsOpen311Error(Uri? uri, string body) =>
        uri is not null && uri.OriginalString.Contains("/open311/", StringComparison.Ordinal)
        && (body.Contains("<errors>", StringComparison.Ordinal) || body.TrimStart().StartsWith("[{\"code\"", StringComparison.Ordinal));
}
