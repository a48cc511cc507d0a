using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Lapor.TestKit;

/// <summary>
/// The API's requests, built once for every caller: the typed client, clients that retry across hosts, and the
/// benchmark's hot loops (which send them on their own pooled connections).
/// </summary>
public static class LaporRequests
{
    /// <summary>The password of every demo account (<c>/api/dev/token</c>).</summary>
    public const string DemoPassword = "lapor-demo";

    /// <summary>A demo account's sign-in.</summary>
    public static HttpRequestMessage Token(string username, string password = DemoPassword) =>
        new(HttpMethod.Post, "/api/dev/token") { Content = JsonContent.Create(new { username, password }) };

    /// <summary>A submission with an Idempotency-Key, so a retry lands on the same complaint.</summary>
    public static HttpRequestMessage Submit(ReportBuilder report, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = report.ToContent() };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>The reporter's own view of a complaint, opened with its tracking secret.</summary>
    public static HttpRequestMessage ReporterView(string code, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reporter/complaints/{code}");
        request.Headers.Add("X-Tracking-Secret", secret);
        return request;
    }

    /// <summary>An attachment upload: the file itself as the body (its type is read from the bytes, not the name).</summary>
    public static HttpRequestMessage Upload(HttpContent file, string? fileName) =>
        new(HttpMethod.Post, "/api/attachments" + (fileName is null ? "" : "?fileName=" + Uri.EscapeDataString(fileName))) { Content = file };

    /// <summary>An attachment upload from bytes in memory (tests' files are small).</summary>
    public static HttpRequestMessage Upload(byte[] file, string? fileName)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return Upload(content, fileName);
    }

    /// <summary>Defines (or redefines) an agency named "Instansi uji &lt;id&gt;" in the WIB zone; needs Admin Nasional.</summary>
    public static HttpRequestMessage DefineAgency(string id, string parentId, string level, object? policy, string token) =>
        new HttpRequestMessage(HttpMethod.Put, $"/api/admin/agencies/{id}")
        {
            Content = JsonContent.Create(new { name = $"Instansi uji {id}", level, parentId, zone = "wib", policy = policy ?? new { } }),
        }.WithBearer(token);

    /// <summary>An SLA policy whose only override is the verification limit, in minutes.</summary>
    public static object VerificationWithinMinutes(int minutes) => new { verification = new { amount = minutes, unit = "minutes" } };

    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
