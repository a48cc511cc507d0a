namespace Lapor.Api.Open311;

/// <summary>Settings of the Open311 GeoReport v2 server (<c>Lapor:Open311</c>), see docs/channels.md.</summary>
public sealed class Open311Options
{
    public const string Section = "Lapor:Open311";

    /// <summary>The server is on by default: it shows only what the public API shows and files reports like it.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Public address of the endpoint (…/open311/v2) for discovery; taken from the request when empty.</summary>
    public string? BaseUrl { get; set; }
    public string Contact { get; set; } = "Hubungi pengelola layanan pengaduan di instansi Anda untuk bantuan atau melaporkan masalah API.";
    public string KeyService { get; set; } = "Kunci API (api_key) untuk klien tepercaya diberikan oleh pengelola layanan; pelaporan tanpa kunci diperbolehkan kecuali pengelola mewajibkannya.";
    /// <summary>When the catalogue last changed (W3C date-time); the host's start time when empty.</summary>
    public string? Changeset { get; set; }
    /// <summary><c>production</c> or <c>test</c>.</summary>
    public string EndpointType { get; set; } = "production";
    /// <summary>Refuse POST requests without a valid api_key (403).</summary>
    public bool RequireApiKey { get; set; }
    /// <summary>Most requests one GET requests returns (the specification's default is 1000).</summary>
    public int MaxRequests { get; set; } = 1000;
    /// <summary>Jurisdictions by jurisdiction_id. When none are configured, one national catalogue is served.</summary>
    public Dictionary<string, Open311JurisdictionOptions> Jurisdictions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Trusted clients by id; keys as their SHA-256 (hex). None by default.</summary>
    public Dictionary<string, Open311ClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);
}

public sealed class Open311JurisdictionOptions
{
    /// <summary>The agency that verifies the jurisdiction's reports; GET requests lists its subtree.</summary>
    public string AgencyId { get; set; } = "";
    /// <summary>Kemendagri region code used when a request sends no address_id (e.g. 35.73 for Kota Malang).</summary>
    public string? RegionCode { get; set; }
    /// <summary><c>realtime</c> (POST returns service_request_id) or <c>batch</c> (POST returns a token).</summary>
    public string Type { get; set; } = "realtime";
    public List<Open311ServiceOptions> Services { get; set; } = [];
}

/// <summary>One engine category offered as an Open311 service.</summary>
public sealed class Open311ServiceOptions
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The engine category reports of this service carry; the name when empty.</summary>
    public string? Category { get; set; }
    public string? Description { get; set; }
    public string? Group { get; set; }
    public List<string> Keywords { get; set; } = [];
    /// <summary>Another verifier than the jurisdiction's agency for this service.</summary>
    public string? TargetAgencyId { get; set; }
}

public sealed class Open311ClientOptions
{
    public string KeySha256 { get; set; } = "";
    public string? Name { get; set; }
}
