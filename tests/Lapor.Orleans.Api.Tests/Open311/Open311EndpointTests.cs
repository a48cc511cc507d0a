using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Lapor.Api.Tests.Channels;
using static Lapor.Api.Tests.Open311.Open311Wire;

namespace Lapor.Api.Tests.Open311;

/// <summary>Every Open311 GeoReport v2 endpoint over HTTP, in XML and JSON, shaped as the specification says.</summary>
[Collection(ChannelCollection.Name)]
public sealed class Open311EndpointTests(ChannelHost host)
{
    private const string City = ChannelHost.CityJurisdiction;
    private const string National = ChannelHost.NationalJurisdiction;
    private static readonly string[] Datatypes = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"];

    [Theory]
    [InlineData("/open311/discovery")]
    [InlineData("/open311/v2/discovery")]
    public async Task Discovery_lists_the_v2_endpoint_and_both_formats(string path)
    {
        using var api = host.Client();
        var xml = await GetXmlAsync(api.Http, path + ".xml");
        Assert.Equal(HttpStatusCode.OK, xml.Status);
        Assert.Equal("discovery", xml.Root.Name.LocalName);
        Assert.Equal(["changeset", "contact", "key_service", "endpoints"], xml.Root.Elements().Select(e => e.Name.LocalName));
        var endpoint = Assert.Single(xml.Root.Element("endpoints")!.Elements());
        Assert.Equal("endpoint", endpoint.Name.LocalName);
        Assert.Equal(["specification", "url", "changeset", "type", "formats"], endpoint.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.Element("specification")!.Value);
        Assert.EndsWith("/open311/v2", endpoint.Element("url")!.Value, StringComparison.Ordinal);
        Assert.Equal("production", endpoint.Element("type")!.Value);
        Assert.Equal(["text/xml", "application/json"], endpoint.Element("formats")!.Elements("format").Select(f => f.Value));

        var json = await GetJsonAsync(api.Http, path + ".json");
        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Equal(xml.Root.Element("changeset")!.Value, json.Node["changeset"]!.GetValue<string>());
        var jsonEndpoint = Assert.Single(json.Node["endpoints"]!.AsArray())!;
        Assert.Equal(["text/xml", "application/json"], jsonEndpoint["formats"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(endpoint.Element("url")!.Value, jsonEndpoint["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Services_are_the_categories_of_each_jurisdiction_with_groups_and_keywords()
    {
        using var api = host.Client();
        var xml = await GetXmlAsync(api.Http, $"/open311/v2/services.xml?jurisdiction_id={City}");
        Assert.Equal(HttpStatusCode.OK, xml.Status);
        Assert.Equal("services", xml.Root.Name.LocalName);
        var services = xml.Root.Elements().ToList();
        Assert.Equal(2, services.Count);
        Assert.All(services, s =>
        {
            Assert.Equal("service", s.Name.LocalName);
            Assert.Equal(ServiceFields, s.Elements().Select(e => e.Name.LocalName));
            Assert.Equal("true", s.Element("metadata")!.Value);
            Assert.Equal("batch", s.Element("type")!.Value);
        });
        var traffic = services.Single(s => s.Element("service_code")!.Value == "lalu-lintas");
        Assert.Equal("Lalu Lintas dan Parkir", traffic.Element("service_name")!.Value);
        Assert.Equal("lampu lalu lintas, parkir liar", traffic.Element("keywords")!.Value);
        Assert.Equal("Perhubungan", traffic.Element("group")!.Value);

        var json = await GetJsonAsync(api.Http, $"/open311/v2/services.json?jurisdiction_id={National}");
        Assert.Equal(HttpStatusCode.OK, json.Status);
        var list = json.Node.AsArray();
        Assert.Equal(["infrastruktur", "kesehatan", "lainnya"], list.Select(s => s!["service_code"]!.GetValue<string>()));
        Assert.All(list, s =>
        {
            Assert.Equal(ServiceFields, s!.AsObject().Select(p => p.Key));
            Assert.Equal("realtime", s["type"]!.GetValue<string>());
            Assert.True(s["metadata"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task Jurisdiction_must_be_named_and_known_when_there_are_several()
    {
        using var api = host.Client();
        AssertErrors(await GetXmlAsync(api.Http, "/open311/v2/services.xml"), HttpStatusCode.BadRequest, "jurisdiction_id");
        AssertErrors(await GetJsonAsync(api.Http, "/open311/v2/services.json"), HttpStatusCode.BadRequest, "jurisdiction_id");
        AssertErrors(await GetXmlAsync(api.Http, "/open311/v2/services.xml?jurisdiction_id=tidak.ada.go.id"), HttpStatusCode.NotFound);
        AssertErrors(await GetJsonAsync(api.Http, "/open311/v2/requests.json?jurisdiction_id=tidak.ada.go.id"), HttpStatusCode.NotFound);
        // "Optional" means an empty argument is the same as a missing one.
        AssertErrors(await GetJsonAsync(api.Http, "/open311/v2/services.json?jurisdiction_id="), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Service_definition_has_its_attributes_in_both_formats()
    {
        using var api = host.Client();
        var xml = await GetXmlAsync(api.Http, $"/open311/v2/services/lalu-lintas.xml?jurisdiction_id={City}");
        Assert.Equal(HttpStatusCode.OK, xml.Status);
        Assert.Equal("service_definition", xml.Root.Name.LocalName);
        Assert.Equal(["service_code", "attributes"], xml.Root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("lalu-lintas", xml.Root.Element("service_code")!.Value);
        var attributes = xml.Root.Element("attributes")!.Elements().ToList();
        Assert.All(attributes, a =>
        {
            Assert.Equal("attribute", a.Name.LocalName);
            Assert.Equal(AttributeFields, a.Elements().Take(7).Select(e => e.Name.LocalName));
            Assert.Contains(a.Element("datatype")!.Value, Datatypes);
            if (a.Element("datatype")!.Value.EndsWith("valuelist", StringComparison.Ordinal))
            {
                var values = a.Element("values")!.Elements().ToList();
                Assert.NotEmpty(values);
                Assert.All(values, v => Assert.Equal(["key", "name"], v.Elements().Select(e => e.Name.LocalName)));
            }
        });
        Assert.Equal(Enumerable.Range(1, attributes.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            attributes.Select(a => a.Element("order")!.Value));
        Assert.Equal("false", attributes[0].Element("variable")!.Value); // the location hint only informs
        var kinds = attributes.Single(a => a.Element("code")!.Value == "jenis");
        Assert.Equal(["pengaduan", "aspirasi", "permintaan-informasi"], kinds.Element("values")!.Elements().Select(v => v.Element("key")!.Value));

        var json = await GetJsonAsync(api.Http, $"/open311/v2/services/kesehatan.json?jurisdiction_id={National}");
        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Equal("kesehatan", json.Node["service_code"]!.GetValue<string>());
        var jsonAttributes = json.Node["attributes"]!.AsArray();
        Assert.Equal(attributes.Count, jsonAttributes.Count);
        Assert.True(jsonAttributes.All(a => a!["datatype_description"] is null || a["datatype_description"]!.GetValueKind() == System.Text.Json.JsonValueKind.String));
        Assert.Contains("wajib", jsonAttributes[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal); // no default region here

        AssertErrors(await GetXmlAsync(api.Http, $"/open311/v2/services/tidak-ada.xml?jurisdiction_id={City}"), HttpStatusCode.NotFound, "service_code");
        AssertErrors(await GetJsonAsync(api.Http, $"/open311/v2/services/kesehatan.json?jurisdiction_id={City}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_realtime_post_returns_the_id_and_the_request_reads_back_by_status_until_published()
    {
        using var api = host.Client();
        var posted = await XmlOf(await PostAsync(api.Http, "xml", Report("infrastruktur",
            "Jalan berlubang besar di depan SD Negeri 3, membahayakan pengendara motor.", National,
            ("address_id", "35.73.01"), ("lat", "-7.9797"), ("long", "112.6304"), ("address_string", "Jl. Ijen 12, Klojen"))));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Equal("service_requests", posted.Root.Name.LocalName);
        var request = Assert.Single(posted.Root.Elements());
        Assert.Equal(["service_request_id", "service_notice", "account_id"], request.Elements().Select(e => e.Name.LocalName));
        Assert.Null(request.Element("token"));
        var id = request.Element("service_request_id")!.Value;
        Assert.Matches("^LPR-[0-9A-Z]{10}-[0-9A-Z]{3}$", id);
        Assert.Contains("diverifikasi", request.Element("service_notice")!.Value, StringComparison.Ordinal);

        // Not verified yet: its status only, no content.
        var early = Assert.Single(AssertRequests(await GetXmlAsync(api.Http, $"/open311/v2/requests/{id}.xml?jurisdiction_id={National}")));
        Assert.Equal("open", early.Element("status")!.Value);
        Assert.Equal("Belum Terverifikasi", early.Element("status_notes")!.Value);
        Assert.Equal("", early.Element("description")!.Value);
        Assert.Equal("", early.Element("service_code")!.Value);
        Assert.NotEqual("", early.Element("expected_datetime")!.Value); // the verification deadline

        // It entered the ordinary workflow, on the Open311 channel.
        var staff = await ChannelHost.StaffViewAsync(api, id);
        Assert.Equal("open311", staff["channel"]!.GetValue<string>());
        Assert.Equal("Infrastruktur", staff["category"]!.GetValue<string>());
        Assert.Equal("nasional", staff["deadline"]!["holderAgencyId"]!.GetValue<string>());
        Assert.Equal("open311", staff["source"]!["platform"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{id}/route",
            new { agencyId = "malang-dpupr", resolutionClass = "normative" }, user: "admin.nasional")).StatusCode);
        var routed = Assert.Single(AssertRequests(await GetXmlAsync(api.Http, $"/open311/v2/requests/{id}.xml?jurisdiction_id={National}")));
        Assert.Equal("open", routed.Element("status")!.Value);
        Assert.StartsWith("Terverifikasi", routed.Element("status_notes")!.Value, StringComparison.Ordinal);
        Assert.Equal("infrastruktur", routed.Element("service_code")!.Value);
        Assert.Equal("Infrastruktur", routed.Element("service_name")!.Value);
        Assert.StartsWith("Jalan berlubang besar", routed.Element("description")!.Value, StringComparison.Ordinal);
        Assert.Equal("Dinas Pekerjaan Umum dan Penataan Ruang Kota Malang", routed.Element("agency_responsible")!.Value);
        Assert.Equal("Jl. Ijen 12, Klojen", routed.Element("address")!.Value);
        Assert.Equal("35.73.01", routed.Element("address_id")!.Value);
        Assert.Equal("", routed.Element("lat")!.Value); // coordinates are never public
        Assert.EndsWith("+07:00", routed.Element("expected_datetime")!.Value, StringComparison.Ordinal); // first response, in WIB

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{id}/resolution",
            new { message = "Lubang sudah ditambal." }, user: "petugas.dpupr")).StatusCode);
        var resolved = Assert.Single(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests/{id}.json?jurisdiction_id={National}")));
        Assert.Equal("closed", resolved["status"]!.GetValue<string>());
        Assert.Equal("Selesai: Lubang sudah ditambal.", resolved["status_notes"]!.GetValue<string>());
        Assert.Null(resolved["expected_datetime"]);
        Assert.Null(resolved["lat"]);
    }

    [Fact]
    public async Task A_batch_post_returns_a_token_that_resolves_to_the_request()
    {
        using var api = host.Client();
        var posted = await JsonOf(await PostAsync(api.Http, "json", Report("lalu-lintas",
            "Parkir liar di bahu Jl. Semeru setiap sore menutup separuh jalan.", City, ("address_string", "Jl. Semeru"))));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var request = Assert.Single(posted.Node.AsArray())!.AsObject();
        Assert.Equal(["token", "service_notice", "account_id"], request.Select(p => p.Key));
        var token = request["token"]!.GetValue<string>();

        var byXml = await GetXmlAsync(api.Http, $"/open311/v2/tokens/{token}.xml?jurisdiction_id={City}");
        Assert.Equal(HttpStatusCode.OK, byXml.Status);
        Assert.Equal("service_requests", byXml.Root.Name.LocalName);
        var entry = Assert.Single(byXml.Root.Elements("request"));
        Assert.Equal(["service_request_id", "token"], entry.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(token, entry.Element("token")!.Value);
        var id = entry.Element("service_request_id")!.Value;

        var byJson = await GetJsonAsync(api.Http, $"/open311/v2/tokens/{token}.json?jurisdiction_id={City}");
        Assert.Equal(id, Assert.Single(byJson.Node.AsArray())!["service_request_id"]!.GetValue<string>());

        var staff = await ChannelHost.StaffViewAsync(api, id);
        Assert.Equal("Perhubungan", staff["category"]!.GetValue<string>());
        Assert.Equal("35.73", staff["location"]!["regionCode"]!.GetValue<string>()); // the jurisdiction's default region
        Assert.Equal("kota-malang", staff["deadline"]!["holderAgencyId"]!.GetValue<string>()); // verified by the jurisdiction's agency

        AssertErrors(await GetXmlAsync(api.Http, $"/open311/v2/tokens/0123456789ABCDEFGHJKMNPQRS.xml?jurisdiction_id={City}"), HttpStatusCode.NotFound, "token");
        AssertErrors(await GetJsonAsync(api.Http, $"/open311/v2/tokens/bukan-token.json?jurisdiction_id={City}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Contact_details_are_taken_and_an_anonymous_reporter_never_appears()
    {
        using var api = host.Client();
        var email = $"warga.{Guid.NewGuid():N}@example.id";
        var posted = await JsonOf(await PostAsync(api.Http, "json", Report("kesehatan",
            "Antrean obat di Puskesmas Dinoyo lebih dari empat jam setiap pagi.", National,
            ("address_id", "35.73.05"), ("first_name", "Rahmat"), ("last_name", "Hidayat"), ("email", email), ("phone", "0812-3456-7890"),
            ("attribute[anonim]", "ya"), ("attribute[jenis]", "pengaduan"), ("attribute[tanggal_kejadian]", "2026-11-20"),
            ("attribute[judul]", "Antrean obat Puskesmas Dinoyo"))));
        var id = Assert.Single(posted.Node.AsArray())!["service_request_id"]!.GetValue<string>();

        var staff = await ChannelHost.StaffViewAsync(api, id);
        Assert.True(staff["anonymous"]!.GetValue<bool>());
        Assert.Null(staff["reporter"]); // anonim: hidden from every staff role
        Assert.Null(staff["source"]);
        Assert.Equal("Antrean obat Puskesmas Dinoyo", staff["title"]!.GetValue<string>());
        Assert.Equal("2026-11-20", staff["incidentDate"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{id}/route", new { agencyId = "malang-dinkes" }, user: "admin.nasional")).StatusCode);
        foreach (var path in new[] { $"/open311/v2/requests/{id}.xml", $"/open311/v2/requests/{id}.json", $"/open311/v2/requests.xml?service_request_id={id}" })
        {
            var body = await (await api.Http.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"jurisdiction_id={National}")).Content.ReadAsStringAsync();
            Assert.Contains(id, body, StringComparison.Ordinal);
            Assert.DoesNotContain(email, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Rahmat", body, StringComparison.Ordinal);
            Assert.DoesNotContain("7890", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_confidential_report_is_never_read_nor_listed()
    {
        using var api = host.Client();
        var posted = await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur",
            "Dugaan pungutan liar dalam proyek perbaikan drainase di Kelurahan Oro-oro Dowo.", National,
            ("address_id", "35.73.02"), ("attribute[rahasia]", "ya"))));
        var id = Assert.Single(posted.Node.AsArray())!["service_request_id"]!.GetValue<string>();
        AssertErrors(await GetXmlAsync(api.Http, $"/open311/v2/requests/{id}.xml?jurisdiction_id={National}"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{id}/route", new { agencyId = "malang-dpupr" }, user: "admin.nasional")).StatusCode);
        AssertErrors(await GetXmlAsync(api.Http, $"/open311/v2/requests/{id}.xml?jurisdiction_id={National}"), HttpStatusCode.NotFound);
        AssertErrors(await GetJsonAsync(api.Http, $"/open311/v2/requests/{id}.json?jurisdiction_id={National}"), HttpStatusCode.NotFound);
        Assert.Empty(AssertRequests(await GetXmlAsync(api.Http, $"/open311/v2/requests.xml?jurisdiction_id={National}&service_request_id={id}")));
        await Task.Delay(3_500); // past the list's snapshot freshness
        var listed = await (await api.Http.GetAsync($"/open311/v2/requests.json?jurisdiction_id={National}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(id, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_requests_serves_the_public_feed_with_its_filters_in_both_formats()
    {
        using var api = host.Client();
        async Task<string> Published(string service, string description, string jurisdiction, string agency, params (string, string)[] extra)
        {
            var response = await PostAsync(api.Http, "json", Report(service, description, jurisdiction, [("address_id", "35.73.03"), .. extra]));
            var node = Assert.Single((await JsonOf(response)).Node.AsArray())!;
            var id = node["service_request_id"]?.GetValue<string>()
                ?? Assert.Single((await GetJsonAsync(api.Http, $"/open311/v2/tokens/{node["token"]!.GetValue<string>()}.json?jurisdiction_id={jurisdiction}")).Node.AsArray())!["service_request_id"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{id}/route", new { agencyId = agency }, user: "admin.nasional")).StatusCode);
            return id;
        }

        var road = await Published("jalan", "Aspal Jl. Bandung mengelupas sepanjang seratus meter.", City, "malang-dpupr");
        var traffic = await Published("lalu-lintas", "Lampu lalu lintas perempatan Kayutangan berkedip kuning terus.", City, "malang-dishub");
        var health = await Published("kesehatan", "Ambulans desa tidak dapat dihubungi pada malam hari.", National, "kemendikdasmen");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{traffic}/resolution", new { message = "Lampu sudah diganti." }, user: "petugas.dishub")).StatusCode);

        // The list comes from the public feed (never from complaints), refreshed every few seconds.
        List<XElement> cityList = [];
        for (var i = 0; i < 40 && !(cityList.Any(r => r.Element("service_request_id")!.Value == traffic && r.Element("status")!.Value == "closed")
            && cityList.Any(r => r.Element("service_request_id")!.Value == road)); i++)
        {
            await Task.Delay(250);
            cityList = AssertRequests(await GetXmlAsync(api.Http, $"/open311/v2/requests.xml?jurisdiction_id={City}"));
        }

        var ids = cityList.Select(r => r.Element("service_request_id")!.Value).ToList();
        Assert.Contains(road, ids);
        Assert.Contains(traffic, ids);
        Assert.DoesNotContain(health, ids); // routed outside the city's subtree
        var roadItem = cityList.Single(r => r.Element("service_request_id")!.Value == road);
        Assert.Equal("jalan", roadItem.Element("service_code")!.Value);
        Assert.Equal("Dinas Pekerjaan Umum dan Penataan Ruang Kota Malang", roadItem.Element("agency_responsible")!.Value);

        string[] Ids(List<JsonObject> list) => [.. list.Select(r => r["service_request_id"]!.GetValue<string>())];
        var open = Ids(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&status=open")));
        Assert.Contains(road, open);
        Assert.DoesNotContain(traffic, open);
        var closed = Ids(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&status=closed")));
        Assert.Contains(traffic, closed);
        Assert.DoesNotContain(road, closed);
        Assert.Contains(road, Ids(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&status=open,closed"))));
        var byService = Ids(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&service_code=lalu-lintas")));
        Assert.Contains(traffic, byService);
        Assert.DoesNotContain(road, byService);

        var today = DateTimeOffset.UtcNow;
        var window = $"start_date={today.AddDays(-1):yyyy-MM-dd'T'HH:mm:ss'Z'}&end_date={today.AddMinutes(5):yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Assert.Contains(road, Ids(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&{window}"))));
        var past = Ids(AssertRequests(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&start_date=2026-01-01T00:00:00Z&end_date=2026-02-01T00:00:00%2B07:00")));
        Assert.DoesNotContain(road, past);

        // service_request_id (comma-delimited) overrides every other argument.
        var picked = AssertRequests(await GetXmlAsync(api.Http, $"/open311/v2/requests.xml?jurisdiction_id={City}&status=closed&service_request_id={road},{health},LPR-0000000000"));
        Assert.Equal([road, health], picked.Select(r => r.Element("service_request_id")!.Value));

        AssertErrors(await GetXmlAsync(api.Http, $"/open311/v2/requests.xml?jurisdiction_id={City}&status=selesai"), HttpStatusCode.BadRequest, "status");
        AssertErrors(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&start_date=kemarin"), HttpStatusCode.BadRequest, "start_date");
        AssertErrors(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"),
            HttpStatusCode.BadRequest, "90 hari");
        AssertErrors(await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={City}&start_date=2026-01-01T10:00:00"), HttpStatusCode.BadRequest); // no zone
    }

    [Fact]
    public async Task Bad_posts_are_refused_in_the_open311_error_format_and_make_nothing()
    {
        using var api = host.Client();
        const string Text = "Trotoar di Jl. Kawi amblas sedalam setengah meter.";
        AssertErrors(await XmlOf(await PostAsync(api.Http, "xml", [new("description", Text), new("jurisdiction_id", National), new("address_id", "35.73")])),
            HttpStatusCode.BadRequest, "service_code");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("tidak-ada", Text, National, ("address_id", "35.73")))),
            HttpStatusCode.NotFound, "service_code");
        AssertErrors(await XmlOf(await PostAsync(api.Http, "xml", Report("infrastruktur", Text, National))), HttpStatusCode.BadRequest, "address_id");
        AssertErrors(await XmlOf(await PostAsync(api.Http, "xml", Report("infrastruktur", "pendek", National, ("address_id", "35.73")))),
            HttpStatusCode.BadRequest, "description");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("lat", "-7.98"), ("long", "200")))), HttpStatusCode.BadRequest, "long");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("email", "bukan-surel")))), HttpStatusCode.BadRequest, "email");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("attribute[warna]", "merah")))), HttpStatusCode.BadRequest, "attribute[warna]");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("attribute[jenis]", "keluhan")))), HttpStatusCode.BadRequest, "attribute[jenis]");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("attribute[tanggal_kejadian]", "2099-01-01")))), HttpStatusCode.BadRequest, "attribute[tanggal_kejadian]");
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("api_key", "kunci-palsu")))), HttpStatusCode.Forbidden, "api_key");
        AssertErrors(await XmlOf(await PostAsync(api.Http, "xml", Report("infrastruktur", Text, null, ("address_id", "35.73")))),
            HttpStatusCode.BadRequest, "jurisdiction_id");

        using var json = new StringContent("{\"service_code\":\"infrastruktur\"}", System.Text.Encoding.UTF8, "application/json");
        AssertErrors(await XmlOf(await api.Http.PostAsync("/open311/v2/requests.xml", json)), HttpStatusCode.BadRequest, "Content-Type");
        AssertErrors(await XmlOf(await api.Http.GetAsync("/open311/v2/services.html")), HttpStatusCode.BadRequest, "Format");
        AssertErrors(await JsonOf(await api.Http.GetAsync("/open311/v2/laporan.json")), HttpStatusCode.NotFound);
        AssertErrors(await XmlOf(await api.Http.GetAsync($"/open311/v2/requests/LPR-0000000000.xml?jurisdiction_id={National}")), HttpStatusCode.NotFound);

        // Refused under an Idempotency-Key, then sent right: the report is new, so the refusal left nothing behind.
        var key = Guid.NewGuid().ToString();
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("lat", "-7.98"), ("long", "200")), key)), HttpStatusCode.BadRequest, "long");
        var first = await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National, ("address_id", "35.73")), key));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.False(first.Response.Headers.Contains("Idempotent-Replayed"));
        var again = await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National, ("address_id", "35.73")), key));
        Assert.Equal("true", again.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Node[0]!["service_request_id"]!.GetValue<string>(), again.Node[0]!["service_request_id"]!.GetValue<string>());
        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text + " Tambahan.", National, ("address_id", "35.73")), key)),
            HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task A_trusted_client_posts_with_its_api_key_and_is_recorded_as_the_source()
    {
        using var api = host.Client();
        var posted = await JsonOf(await PostAsync(api.Http, "json", Report("kesehatan",
            "Posyandu Kelurahan Sumbersari kehabisan vaksin campak sejak awal bulan.", National,
            ("address_id", "35.73.04"), ("api_key", ChannelHost.Open311ClientKey), ("first_name", "Dewi"))));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var id = posted.Node[0]!["service_request_id"]!.GetValue<string>();
        var staff = await ChannelHost.StaffViewAsync(api, id);
        Assert.Equal(ChannelHost.Open311Client, staff["source"]!["deliveredBy"]!.GetValue<string>());
        Assert.Equal("Dewi", staff["reporter"]!["name"]!.GetValue<string>());
    }
}
