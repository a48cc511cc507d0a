namespace Lapor.Api.Tests.Http;

[Collection(PostgresApiCollection.Name)]
public sealed class OpenApiTestsOnPostgres(PostgresApiHost host) : OpenApiTests(host);
