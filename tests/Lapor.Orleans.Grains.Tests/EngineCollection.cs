namespace Lapor.Grains.Tests;

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineClusterFixture>
{
    /// <summary>Every test that moves the shared fake clock lives here, so they run one after another.</summary>
    public const string Name = "engine";
}
