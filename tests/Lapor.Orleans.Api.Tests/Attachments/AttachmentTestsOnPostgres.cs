namespace Lapor.Api.Tests.Attachments;

[Collection(PostgresApiCollection.Name)]
public sealed class AttachmentTestsOnPostgres(PostgresApiHost host) : AttachmentTests(host);
