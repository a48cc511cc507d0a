namespace Lapor.Api.Tests.Http;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTestsOnSqlite(ApiHost host) : OpenApiTests(host);
