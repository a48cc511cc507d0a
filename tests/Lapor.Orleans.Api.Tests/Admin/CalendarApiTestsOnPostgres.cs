namespace Lapor.Api.Tests.Admin;

[Collection(PostgresApiCollection.Name)]
public sealed class CalendarApiTestsOnPostgres(PostgresApiHost host) : CalendarApiTests(host);
