using Lapor.Api.Tests;

namespace Lapor.Web.Tests.SignIn;

/// <summary>The browser against a host whose staff sign in through the test kit's OpenID Connect provider.</summary>
public sealed class SsoWebHost : WebHost
{
    private readonly SsoApiHost _api;

    public SsoWebHost()
        : this(new SsoApiHost())
    {
    }

    private SsoWebHost(SsoApiHost api)
        : base(api) => _api = api;

    public OidcProvider Provider => _api.Provider;
}

[CollectionDefinition(Name)]
public sealed class SsoWebCollection : ICollectionFixture<SsoWebHost>
{
    public const string Name = "web-sso";
}
