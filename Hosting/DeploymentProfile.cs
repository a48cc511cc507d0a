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

    /// <summary>Demo agencies are loaded on first start of an embedded install unless configured otherwise.</summary>
    public bool LoadsDemoData => Cluster.DemoData ?? IsEmbedded;

    /// <summary>
    /// Keys may be generated into the data folder only when one host owns that folder; production hosts must share
    /// configured keys.
    /// </summary>
    public bool MayGenerateKeys => IsEmbedded;

    /// <summary>The readiness probe checks the database only where the database is a separate server.</summary>
    public bool ChecksDatabaseHealth => !IsEmbedded;

    /// <summary>Demo sign-in (<c>/api/dev/token</c>): embedded without an OpenID Connect authority, unless configured.</summary>
    public bool OffersDevTokens =>
        _configuration.GetValue<bool?>("Lapor:Auth:DevTokens")
        ?? (IsEmbedded && _configuration["Lapor:Auth:Authority"] is not { Length: > 0 });
}
