using System.Net;
using Lapor.Api.Tests.Channels;
using static Lapor.Api.Tests.Open311.Open311Wire;

namespace Lapor.Api.Tests.Open311;

/// <summary>
/// An operator who sets <c>Lapor:Open311:RequireApiKey</c> takes reports only from trusted clients: a POST without a
/// key or with an unknown one is refused in the Open311 error format and files nothing; reading stays open.
/// </summary>
[Collection(KeyRequiredCollection.Name)]
public sealed class Open311KeyRequiredTests(KeyRequiredHost host)
{
    private const string National = ChannelHost.NationalJurisdiction;
    private const string Text = "Lampu penerangan jalan di Jl. Ijen padam sejak tiga malam.";

    [Fact]
    public async Task Without_a_valid_api_key_a_post_is_refused_and_files_nothing_while_reads_stay_open()
    {
        using var api = host.Client();
        var before = (await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={National}")).Node.AsArray().Count;

        AssertErrors(await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National, ("address_id", "35.73")))),
            HttpStatusCode.Forbidden, "api_key");
        AssertErrors(await XmlOf(await PostAsync(api.Http, "xml", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("api_key", "kunci-yang-tidak-dikenal")))), HttpStatusCode.Forbidden, "api_key");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/open311/v2/services.json?jurisdiction_id={National}")).StatusCode);

        var posted = await JsonOf(await PostAsync(api.Http, "json", Report("infrastruktur", Text, National,
            ("address_id", "35.73"), ("api_key", ChannelHost.Open311ClientKey))));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var id = posted.Node[0]!["service_request_id"]!.GetValue<string>();
        Assert.Equal(ChannelHost.Open311Client, (await ChannelHost.StaffViewAsync(api, id))["source"]!["deliveredBy"]!.GetValue<string>());
        // The refused posts made no complaint: the only new report is the keyed one (not published before routing).
        Assert.Equal(before, (await GetJsonAsync(api.Http, $"/open311/v2/requests.json?jurisdiction_id={National}")).Node.AsArray().Count);
    }
}

/// <summary>The channel host with <c>RequireApiKey</c> on.</summary>
public sealed class KeyRequiredHost : ChannelHost
{
    protected override IEnumerable<(string Key, string Value)> Settings() =>
        base.Settings().Append(("Lapor:Open311:RequireApiKey", "true"));
}

[CollectionDefinition(Name)]
public sealed class KeyRequiredCollection : ICollectionFixture<KeyRequiredHost>
{
    public const string Name = "open311-key-required";
}
