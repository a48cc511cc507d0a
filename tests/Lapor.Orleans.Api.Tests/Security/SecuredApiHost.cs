namespace Lapor.Api.Tests.Security;

/// <summary>
/// A host with the abuse limits on and small, and the proxy on loopback trusted, so each test acts as its own client
/// address (X-Forwarded-For) and never spends another test's budget. First-format tracking codes are accepted here.
/// </summary>
public sealed class SecuredApiHost : ApiHost
{
    protected override IEnumerable<string> ExtraArgs() =>
    [
        "--Lapor:RateLimits:Enabled", "true",
        "--Lapor:RateLimits:Submission:Burst", "3",
        "--Lapor:RateLimits:Submission:PerMinute", "1",
        "--Lapor:RateLimits:SignInFreeFailures", "2",
        "--Lapor:RateLimits:ReporterCode:Burst", "3",
        "--Lapor:RateLimits:ReporterCode:PerMinute", "1",
        "--Lapor:RateLimits:LegacyCodeMisses:Burst", "2",
        "--Lapor:RateLimits:LegacyCodeMisses:PerMinute", "1",
        "--Lapor:Security:LegacyTrackingCodes", "true",
        "--Lapor:Http:KnownProxies", "127.0.0.1",
    ];

    /// <summary>A request as a client at <paramref name="address"/> (through the trusted proxy).</summary>
    public static HttpRequestMessage From(string address, HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", address);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredApiCollection : ICollectionFixture<SecuredApiHost>
{
    public const string Name = "api-secured";
}
