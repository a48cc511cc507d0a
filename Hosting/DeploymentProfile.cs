using Lapor.Hosting.Storage;
using Microsoft.Extensions.Configuration;

namespace Lapor.Hosting;

/// <summary>The two ways Lapor is deployed; every default that differs between them is decided here.</summary>
public enum DeploymentKind
{
    /// <summary>One process on one machine over an embedded SQLite file: <c>dotnet run</c>, demos, small offices.</summary>
    Embedded = 0,
    /// <summary>PostgreSQL and as many silos as the operator starts.</summary>
    Production = 1,
}

/// <summary>
/// Which deployment this host is part of and what that implies. Storage, clustering, keys, demo data, dev tokens and
/// health checks ask this one object instead of testing the storage provider themselves.
/// </summary>
public sealed class DeploymentProfile
{
    private readonly IConfiguration _configuration;

    private DeploymentProfile(IConfiguration configuration, LaporStorageOptions storage)
    {
        _configuration = configuration;
        Storage = storage;
        Cluster = ClusterSettings.From(configuration);
        Kind = storage.Provider == LaporStorageProvider.Sqlite ? DeploymentKind.Embedded : DeploymentKind.Production;
    }

    public static DeploymentProfile From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DeploymentProfile(configuration, LaporStorageOptions.FromConfiguration(configuration));
    }

    /// <summary>The profile implied by storage options alone (test clusters and tools that build options in code).</summary>
    public static DeploymentProfile ForStorage(LaporStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new DeploymentProfile(new ConfigurationBuilder().Build(), storage);
    }

    public DeploymentKind Kind { get; }

    public bool IsEmbedded => Kind == DeploymentKind.Embedded;

    public LaporStorageOptions Storage { get; }

    public ClusterSettings Cluster { get; }

    /// <summary>Silos find each other on localhost (embedded) or through the membership table (production).</summary>
    public bool UsesLocalhostClustering => IsEmbedded;

    /// <summary>Embedded installs itself; production waits for an operator's <c>schema apply</c>.</summary>
    public bool AppliesSchemaOnStart => Storage.ApplySchemaOnStart ?? IsEmbedded;

    /// <summary>
    /// Demo mode (demo agencies, demo accounts with the public password): only when asked for, with
    /// <c>Lapor:Demo=true</c> (the API's <c>--demo</c>, which the README's run command passes) or in the Development
    /// environment. Never implied by the storage: an embedded install that is not a demo starts without demo logins.
    /// </summary>
    public bool IsDemo =>
        _configuration.GetValue<bool?>("Lapor:Demo")
        ?? string.Equals(_configuration[HostEnvironmentKey], "Development", StringComparison.OrdinalIgnoreCase);

    /// <summary>Demo agencies are loaded on start in demo mode unless configured otherwise.</summary>
    public bool LoadsDemoData => Cluster.DemoData ?? IsDemo;

    /// <summary>
    /// Keys may be generated into the data folder only when one host owns that folder; production hosts must share
    /// configured keys.
    /// </summary>
    public bool MayGenerateKeys => IsEmbedded;

    /// <summary>The readiness probe checks the database only where the database is a separate server.</summary>
    public bool ChecksDatabaseHealth => !IsEmbedded;

    /// <summary>Demo sign-in (<c>/api/dev/token</c>): demo mode without an OpenID Connect authority, unless configured.</summary>
    public bool OffersDevTokens =>
        _configuration.GetValue<bool?>("Lapor:Auth:DevTokens")
        ?? (IsDemo && !UsesOpenIdConnect);

    /// <summary>Staff tokens come from an OpenID Connect authority (production) instead of this host.</summary>
    public bool UsesOpenIdConnect => _configuration["Lapor:Auth:Authority"] is { Length: > 0 };

    /// <summary>
    /// Local accounts (created with <c>admin create</c>, kept hashed in the data folder) sign in at
    /// <c>/api/auth/token</c>: embedded without an OpenID Connect authority. Production uses the authority.
    /// </summary>
    public bool OffersLocalAccounts => _configuration.GetValue<bool?>("Lapor:Auth:LocalAccounts") ?? (IsEmbedded && !UsesOpenIdConnect);

    /// <summary>HTTPS redirection and HSTS: production, unless configured (TLS is normally ended at a proxy in front).</summary>
    public bool EnforcesHttps => _configuration.GetValue<bool?>("Lapor:Http:EnforceHttps") ?? !IsEmbedded;

    /// <summary>
    /// Whether tracking codes of the first format (<c>LPR-</c> and 10 characters, without a check value) are still
    /// looked up. Null: not configured, the API decides (it accepts them unless it knows none were ever issued).
    /// </summary>
    public bool? AcceptsLegacyTrackingCodes => _configuration.GetValue<bool?>("Lapor:Security:LegacyTrackingCodes");

    /// <summary>The host environment's name as configuration holds it (ASPNETCORE_/DOTNET_ENVIRONMENT, --environment).</summary>
    private const string HostEnvironmentKey = "environment";
}
