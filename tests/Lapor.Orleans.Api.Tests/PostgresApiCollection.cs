namespace Lapor.Api.Tests;

/// <summary>The tests that share one API host on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresApiHost>
{
    public const string Name = "api-postgres";
}
