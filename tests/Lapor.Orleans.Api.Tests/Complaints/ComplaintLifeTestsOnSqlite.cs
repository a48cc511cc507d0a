namespace Lapor.Api.Tests.Complaints;

[Collection(ApiCollection.Name)]
public sealed class ComplaintLifeTestsOnSqlite(ApiHost host) : ComplaintLifeTests(host);
