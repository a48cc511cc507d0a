using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Lapor.Api.Tests.Channels;

namespace Lapor.Api.Tests.Open311;

/// <summary>
/// A third-party client as civic apps write them: it knows only the discovery address and the specification. It
/// discovers the endpoint, lists the services, reads the chosen service's definition, fills its attributes, posts,
/// follows the answer the service type promises (an id, or a token to exchange), and reads the request back. The
/// same flow in XML (the required format) and in JSON, against both jurisdictions.
/// </summary>
[Collection(ChannelCollection.Name)]
public sealed class Open311ClientFlowTests(ChannelHost host)
{
    [Theory]
    [InlineData("xml", ChannelHost.CityJurisdiction, "parkir liar")]
    [InlineData("json", ChannelHost.CityJurisdiction, "jalan berlubang")]
    [InlineData("xml", ChannelHost.NationalJurisdiction, null)]
    [InlineData("json", ChannelHost.NationalJurisdiction, null)]
    public async Task Discover_list_define_post_follow_and_read(string format, string jurisdiction, string? keyword)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var client = new GeoReportClient(http, format);

        // 1. Discovery: the GeoReport v2 endpoint that speaks this format.
        var endpoint = await client.DiscoverAsync();
        client.UseEndpoint(endpoint);

        // 2. Services of the jurisdiction; pick one by keyword, or the first.
        var services = await client.ServicesAsync(jurisdiction);
        var service = keyword is null ? services[0] : services.Single(s => s.Keywords.Contains(keyword, StringComparer.Ordinal));
        Assert.True(service.Metadata);

        // 3. The definition: answer every variable attribute that is required, and one list attribute.
        var attributes = await client.DefinitionAsync(jurisdiction, service.Code);
        var answers = new List<KeyValuePair<string, string>>();
        foreach (var attribute in attributes.Where(a => a.Variable))
        {
            if (attribute.Required || attribute.Code == "jenis")
            {
                answers.Add(new($"attribute[{attribute.Code}]", attribute.Values.Count > 0 ? attribute.Values[0] : "isi"));
            }
        }

        // 4. Post: location as an address string (and a region code where the jurisdiction has no default).
        List<KeyValuePair<string, string>> fields =
        [
            new("jurisdiction_id", jurisdiction),
            new("service_code", service.Code),
            new("description", $"Laporan dari aplikasi warga ({format}): {service.Name} di sekitar Alun-alun Merdeka perlu ditangani."),
            new("address_string", "Alun-alun Merdeka, Kiduldalem, Klojen, Kota Malang"),
            new("email", "pengguna.aplikasi@example.id"),
            .. answers,
        ];
        if (jurisdiction == ChannelHost.NationalJurisdiction)
        {
            fields.Add(new("address_id", "35.73.01"));
        }

        var (id, token) = await client.PostAsync(fields);
        if (service.Type == "batch")
        {
            Assert.Null(id);
            // 5. Batch service: exchange the token for the id.
            id = await client.TokenAsync(jurisdiction, token!);
        }
        else
        {
            Assert.Equal("realtime", service.Type);
            Assert.Null(token);
        }

        // 6. Read it back, and find it by id in GET requests too.
        var read = await client.RequestAsync(jurisdiction, id!);
        Assert.Equal(id, read["service_request_id"]);
        Assert.Equal("open", read["status"]);
        Assert.Equal("Belum Terverifikasi", read["status_notes"]);
        var listed = await client.RequestsAsync(jurisdiction, $"service_request_id={id}");
        Assert.Equal(id, Assert.Single(listed)["service_request_id"]);

        // Meanwhile the report is an ordinary complaint in the engine's workflow.
        using var api = host.Client();
        var staff = await ChannelHost.StaffViewAsync(api, id!);
        Assert.Equal("open311", staff["channel"]!.GetValue<string>());
        Assert.Equal("submitted", staff["status"]!.GetValue<string>());
    }

    public sealed record Service(string Code, string Name, bool Metadata, string Type, string[] Keywords);

    public sealed record Attribute(bool Variable, string Code, bool Required, IReadOnlyList<string> Values);

    /// <summary>A minimal GeoReport v2 client that reads XML or JSON the way the specification describes them.</summary>
    private sealed class GeoReportClient(HttpClient http, string format)
    {
        private string _base = "";

        public async Task<string> DiscoverAsync()
        {
            var mime = format == "xml" ? "text/xml" : "application/json";
            var response = await http.GetAsync($"/open311/discovery.{format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (format == "xml")
            {
                var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
                return xml.Root!.Element("endpoints")!.Elements("endpoint")
                    .Where(e => e.Element("specification")!.Value == "http://wiki.open311.org/GeoReport_v2"
                        && e.Element("formats")!.Elements("format").Any(f => f.Value == mime))
                    .Select(e => e.Element("url")!.Value).First();
            }

            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return json["endpoints"]!.AsArray()
                .Where(e => e!["specification"]!.GetValue<string>() == "http://wiki.open311.org/GeoReport_v2"
                    && e["formats"]!.AsArray().Any(f => f!.GetValue<string>() == mime))
                .Select(e => e!["url"]!.GetValue<string>()).First();
        }

        public void UseEndpoint(string url) => _base = new Uri(url).AbsolutePath.TrimEnd('/');

        public async Task<List<Service>> ServicesAsync(string jurisdiction)
        {
            var text = await GetOkAsync($"{_base}/services.{format}?jurisdiction_id={jurisdiction}");
            static string[] Split(string? keywords) => keywords is null ? [] : keywords.Split(", ");
            return format == "xml"
                ? [.. XDocument.Parse(text).Root!.Elements("service").Select(s => new Service(s.Element("service_code")!.Value,
                    s.Element("service_name")!.Value, s.Element("metadata")!.Value == "true", s.Element("type")!.Value,
                    Split(s.Element("keywords")!.Value is { Length: > 0 } k ? k : null)))]
                : [.. JsonNode.Parse(text)!.AsArray().Select(s => new Service(s!["service_code"]!.GetValue<string>(),
                    s["service_name"]!.GetValue<string>(), s["metadata"]!.GetValue<bool>(), s["type"]!.GetValue<string>(),
                    Split(s["keywords"]?.GetValue<string>())))];
        }

        public async Task<List<Attribute>> DefinitionAsync(string jurisdiction, string code)
        {
            var text = await GetOkAsync($"{_base}/services/{code}.{format}?jurisdiction_id={jurisdiction}");
            if (format == "xml")
            {
                var root = XDocument.Parse(text).Root!;
                Assert.Equal(code, root.Element("service_code")!.Value);
                return [.. root.Element("attributes")!.Elements("attribute").OrderBy(a => int.Parse(a.Element("order")!.Value, System.Globalization.CultureInfo.InvariantCulture))
                    .Select(a => new Attribute(a.Element("variable")!.Value == "true", a.Element("code")!.Value, a.Element("required")!.Value == "true",
                        [.. a.Element("values")?.Elements("value").Select(v => v.Element("key")!.Value) ?? []]))];
            }

            var json = JsonNode.Parse(text)!;
            Assert.Equal(code, json["service_code"]!.GetValue<string>());
            return [.. json["attributes"]!.AsArray().OrderBy(a => a!["order"]!.GetValue<int>())
                .Select(a => new Attribute(a!["variable"]!.GetValue<bool>(), a["code"]!.GetValue<string>(), a["required"]!.GetValue<bool>(),
                    [.. a["values"]?.AsArray().Select(v => v!["key"]!.GetValue<string>()) ?? []]))];
        }

        public async Task<(string? Id, string? Token)> PostAsync(IEnumerable<KeyValuePair<string, string>> fields)
        {
            using var content = new FormUrlEncodedContent(fields);
            var response = await http.PostAsync($"{_base}/requests.{format}", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            if (format == "xml")
            {
                var request = XDocument.Parse(text).Root!.Element("request")!;
                return (request.Element("service_request_id")?.Value, request.Element("token")?.Value);
            }

            var first = JsonNode.Parse(text)![0]!;
            return (first["service_request_id"]?.GetValue<string>(), first["token"]?.GetValue<string>());
        }

        public async Task<string> TokenAsync(string jurisdiction, string token)
        {
            var text = await GetOkAsync($"{_base}/tokens/{token}.{format}?jurisdiction_id={jurisdiction}");
            return format == "xml"
                ? XDocument.Parse(text).Root!.Element("request")!.Element("service_request_id")!.Value
                : JsonNode.Parse(text)![0]!["service_request_id"]!.GetValue<string>();
        }

        public async Task<Dictionary<string, string?>> RequestAsync(string jurisdiction, string id) =>
            Assert.Single(await RequestsFromAsync($"{_base}/requests/{id}.{format}?jurisdiction_id={jurisdiction}"));

        public Task<List<Dictionary<string, string?>>> RequestsAsync(string jurisdiction, string query) =>
            RequestsFromAsync($"{_base}/requests.{format}?jurisdiction_id={jurisdiction}&{query}");

        private async Task<List<Dictionary<string, string?>>> RequestsFromAsync(string path)
        {
            var text = await GetOkAsync(path);
            return format == "xml"
                ? [.. XDocument.Parse(text).Root!.Elements("request").Select(r => r.Elements().ToDictionary(e => e.Name.LocalName, e => (string?)e.Value))]
                : [.. JsonNode.Parse(text)!.AsArray().Select(r => r!.AsObject().ToDictionary(p => p.Key, p => p.Value?.ToString()))];
        }

        private async Task<string> GetOkAsync(string path)
        {
            var response = await http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
            return text;
        }
    }
}
