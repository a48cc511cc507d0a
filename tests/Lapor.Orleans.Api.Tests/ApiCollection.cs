namespace Lapor.Api.Tests;

/// <summary>The tests that share one embedded (SQLite) API host.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}
