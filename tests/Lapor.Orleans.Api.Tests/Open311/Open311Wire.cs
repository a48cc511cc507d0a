using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Lapor.Api.Tests.Open311;

/// <summary>
/// What an Open311 client sees on the wire: XML parsed with System.Xml.Linq (so it must be well-formed) and JSON,
/// with the shapes GeoReport v2 prescribes checked in one place.
/// </summary>
public static class Open311Wire
{
    /// <summary>The fields of a request in GET requests / GET request, in the specification's order.</summary>
    public static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
        "lat", "long", "media_url",
    ];

    public static readonly string[] Statuses = ["open", "closed"];

    public static readonly string[] ServiceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];

    public static readonly string[] AttributeFields = ["variable", "code", "datatype", "required", "datatype_description", "order", "description"];

    public sealed record Xml(HttpStatusCode Status, XDocument Document, HttpResponseMessage Response)
    {
        public XElement Root => Document.Root!;
    }

    public sealed record Json(HttpStatusCode Status, JsonNode Node, HttpResponseMessage Response);

    public static async Task<Xml> GetXmlAsync(HttpClient http, string path) => await XmlOf(await http.GetAsync(path));

    public static async Task<Json> GetJsonAsync(HttpClient http, string path) => await JsonOf(await http.GetAsync(path));

    public static async Task<Xml> XmlOf(HttpResponseMessage response)
    {
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        // The root is preceded by the XML declaration with encoding="utf-8" (GeoReport v2, "Encoding").
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        var document = XDocument.Parse(text);
        Assert.Equal("", document.Root!.Name.NamespaceName);
        return new Xml(response.StatusCode, document, response);
    }

    public static async Task<Json> JsonOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return new Json(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response);
    }

    public static FormUrlEncodedContent Form(IEnumerable<KeyValuePair<string, string>> fields) => new(fields);

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string format, IEnumerable<KeyValuePair<string, string>> fields,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/open311/v2/requests.{format}") { Content = Form(fields) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    /// <summary>An errors document: the root, one error per problem, each a code and a description.</summary>
    public static void AssertErrors(Xml xml, HttpStatusCode status, string? descriptionContains = null)
    {
        Assert.Equal(status, xml.Status);
        Assert.Equal("errors", xml.Root.Name.LocalName);
        var errors = xml.Root.Elements().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal("error", e.Name.LocalName);
            Assert.Equal(["code", "description"], e.Elements().Select(c => c.Name.LocalName));
        });
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), errors[0].Element("code")!.Value);
        if (descriptionContains is not null)
        {
            Assert.Contains(errors, e => e.Element("description")!.Value.Contains(descriptionContains, StringComparison.Ordinal));
        }
    }

    public static void AssertErrors(Json json, HttpStatusCode status, string? descriptionContains = null)
    {
        Assert.Equal(status, json.Status);
        var errors = json.Node.AsArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(["code", "description"], e!.AsObject().Select(p => p.Key)));
        Assert.Equal((int)status, errors[0]!["code"]!.GetValue<int>());
        if (descriptionContains is not null)
        {
            Assert.Contains(errors, e => e!["description"]!.GetValue<string>().Contains(descriptionContains, StringComparison.Ordinal));
        }
    }

    /// <summary>A service_requests document of request elements, each with every field in the specification's order.</summary>
    public static List<XElement> AssertRequests(Xml xml)
    {
        Assert.Equal(HttpStatusCode.OK, xml.Status);
        Assert.Equal("service_requests", xml.Root.Name.LocalName);
        var requests = xml.Root.Elements().ToList();
        Assert.All(requests, r =>
        {
            Assert.Equal("request", r.Name.LocalName);
            Assert.Equal(RequestFields, r.Elements().Select(c => c.Name.LocalName));
            Assert.Contains(r.Element("status")!.Value, Statuses);
            AssertW3C(r.Element("requested_datetime")!.Value);
            AssertW3C(r.Element("updated_datetime")!.Value);
            if (r.Element("expected_datetime")!.Value is { Length: > 0 } expected)
            {
                AssertW3C(expected);
            }
        });
        return requests;
    }

    public static List<JsonObject> AssertRequests(Json json)
    {
        Assert.Equal(HttpStatusCode.OK, json.Status);
        var requests = json.Node.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.All(requests, r =>
        {
            Assert.Equal(RequestFields, r.Select(p => p.Key));
            Assert.Contains(r["status"]!.GetValue<string>(), Statuses);
            AssertW3C(r["requested_datetime"]!.GetValue<string>());
        });
        return requests;
    }

    /// <summary>A W3C date-time with its zone designator, e.g. 2026-12-01T03:25:36+07:00 or 2026-11-30T20:25:36Z.</summary>
    public static void AssertW3C(string value) =>
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$", value);

    /// <summary>A report's required arguments plus extras.</summary>
    public static List<KeyValuePair<string, string>> Report(string serviceCode, string description, string? jurisdiction, params (string Key, string Value)[] extra)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("service_code", serviceCode),
            new("description", description),
        };
        if (jurisdiction is not null)
        {
            fields.Add(new("jurisdiction_id", jurisdiction));
        }

        fields.AddRange(extra.Select(e => KeyValuePair.Create(e.Key, e.Value)));
        return fields;
    }
}
