namespace Lapor.Api.Tests.Complaints;

[Collection(PostgresApiCollection.Name)]
public sealed class SubmissionTestsOnPostgres(PostgresApiHost host) : SubmissionTests(host);
