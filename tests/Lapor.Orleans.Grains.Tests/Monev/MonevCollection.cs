namespace Lapor.Grains.Tests.Monev;

[CollectionDefinition(Name)]
public sealed class MonevCollection : ICollectionFixture<MonevClusterFixture>
{
    public const string Name = "monev";
}
