namespace Lapor.Api.Tests.Complaints;

[Collection(PostgresApiCollection.Name)]
public sealed class ComplaintLifeTestsOnPostgres(PostgresApiHost host) : ComplaintLifeTests(host);
