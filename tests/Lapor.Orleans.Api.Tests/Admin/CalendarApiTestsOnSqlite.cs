namespace Lapor.Api.Tests.Admin;

[Collection(ApiCollection.Name)]
public sealed class CalendarApiTestsOnSqlite(ApiHost host) : CalendarApiTests(host);
