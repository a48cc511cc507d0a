using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lapor.TestKit;

/// <summary>
/// A typed HTTP client for one API host: demo-account tokens (cached per host), submissions, the reads the tests
/// check, JSON in and out. Sends exactly what it is given; retrying is for the caller to decide.
/// </summary>
public sealed class LaporClient(HttpClient http, bool ownsHttp = true) : IDisposable
{
    private static readonly Dictionary<(Uri, string), string> Tokens = [];
    private static readonly JsonSerializerOptions RawJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A client of its own for <paramref name="baseAddress"/>.</summary>
    public static LaporClient For(Uri baseAddress, TimeSpan? timeout = null) =>
        new(new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) });

    public HttpClient Http => http;

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    /// <summary>A bearer token for a demo account (see the API's development tokens).</summary>
    public async Task<string> TokenAsync(string username)
    {
        lock (Tokens)
        {
            if (Tokens.TryGetValue((http.BaseAddress!, username), out var cached))
            {
                return cached;
            }
        }

        using var request = LaporRequests.Token(username);
        using var response = await http.SendAsync(request);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.OK, $"token for {username}");
        var token = (await JsonAsync(response))["accessToken"]!.GetValue<string>();
        lock (Tokens)
        {
            Tokens[(http.BaseAddress!, username)] = token;
        }

        return token;
    }

    /// <summary>Drops the tokens cached for this host (after its clock moved past their lifetime).</summary>
    public void ForgetTokens() => ForgetTokens(http.BaseAddress!);

    /// <summary>Drops every token cached for <paramref name="baseAddress"/>.</summary>
    public static void ForgetTokens(Uri baseAddress)
    {
        lock (Tokens)
        {
            foreach (var key in Tokens.Keys.Where(k => k.Item1 == baseAddress).ToList())
            {
                Tokens.Remove(key);
            }
        }
    }

    /// <summary>
    /// Sends a request as a demo account (null: no token), optionally with a reporter secret, If-Match and
    /// Idempotency-Key. The body is a <see cref="ReportBuilder"/>, raw JSON text, or any object to serialize.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? user = null,
        string? secret = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = body switch
        {
            null => null,
            ReportBuilder report => report.ToContent(),
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body),
        };

        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        }

        if (secret is not null)
        {
            request.Headers.Add("X-Tracking-Secret", secret);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body, string? user = null, string? secret = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, path, body ?? new { }, user, secret, ifMatch);

    public Task<HttpResponseMessage> GetAsync(string path, string? user = null, string? secret = null) =>
        SendAsync(HttpMethod.Get, path, null, user, secret);

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The tracking code, the reporter's secret and the complaint as the submission answered them.</summary>
    public sealed record Submitted(string Code, string Secret, JsonObject Complaint);

    /// <summary>Submits (the default report unless given) and expects 201 Created.</summary>
    public async Task<Submitted> SubmitAsync(ReportBuilder? report = null, string? idempotencyKey = null)
    {
        using var request = LaporRequests.Submit(report ?? new ReportBuilder(), idempotencyKey ?? Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.Created, "submission");
        var json = await JsonAsync(response);
        return new Submitted(json["trackingCode"]!.GetValue<string>(), json["secret"]!.GetValue<string>(), json["complaint"]!.AsObject());
    }

    /// <summary>Uploads a file and expects 201 Created; the attachment's id.</summary>
    public async Task<string> UploadAsync(byte[] file, string fileName)
    {
        using var request = LaporRequests.Upload(file, fileName);
        using var response = await http.SendAsync(request);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.Created, "upload " + fileName);
        return (await JsonAsync(response))["id"]!.GetValue<string>();
    }

    /// <summary>Defines a fresh agency (id: <paramref name="prefix"/> and a unique suffix) as Admin Nasional; returns its id.</summary>
    public async Task<string> DefineAgencyAsync(string prefix, string parentId, string level, object? policy = null)
    {
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await PutAgencyAsync(id, parentId, level, policy);
        return id;
    }

    /// <summary>Defines or redefines the agency <paramref name="id"/> as Admin Nasional and expects 200 OK.</summary>
    public async Task PutAgencyAsync(string id, string parentId, string level, object? policy = null)
    {
        using var request = LaporRequests.DefineAgency(id, parentId, level, policy, await TokenAsync("admin.nasional"));
        using var response = await http.SendAsync(request);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.OK, $"define agency {id}");
    }

    /// <summary>GET that must answer 200 OK; its JSON.</summary>
    public async Task<JsonObject> ReadAsync(string path, string? user = null, string? secret = null)
    {
        using var response = await GetAsync(path, user, secret);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.OK, "GET " + path);
        return await JsonAsync(response);
    }

    /// <summary>GET that must answer 200 OK with a JSON array.</summary>
    public async Task<JsonArray> ReadArrayAsync(string path, string? user = null)
    {
        using var response = await GetAsync(path, user);
        await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.OK, "GET " + path);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    /// <summary>The reporter's view of a complaint, opened with its tracking secret.</summary>
    public Task<JsonObject> ReporterViewAsync(string code, string secret) => ReadAsync($"/api/reporter/complaints/{code}", secret: secret);

    /// <summary>The staff view of a complaint (full timeline), as Admin Nasional unless another account is given.</summary>
    public Task<JsonObject> StaffViewAsync(string code, string user = "admin.nasional") => ReadAsync($"/api/complaints/{code}", user);

    /// <summary>An agency's inbox (first 200 items), as the given account.</summary>
    public Task<JsonObject> InboxAsync(string agencyId, string user) => ReadAsync($"/api/agencies/{agencyId}/inbox?take=200", user);

    /// <summary>JSON text with non-ASCII characters as they are (for comparing against what a person typed).</summary>
    public static string Raw(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(RawJson);
    }
}
