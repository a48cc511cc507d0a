namespace Lapor.Api.Tests.Attachments;

[Collection(ApiCollection.Name)]
public sealed class AttachmentTestsOnSqlite(ApiHost host) : AttachmentTests(host);
