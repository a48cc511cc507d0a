namespace Lapor.Api.Tests.Complaints;

[Collection(ApiCollection.Name)]
public sealed class SubmissionTestsOnSqlite(ApiHost host) : SubmissionTests(host);
