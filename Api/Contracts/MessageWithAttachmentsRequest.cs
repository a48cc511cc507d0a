namespace Lapor.Api.Contracts;

/// <summary>A reply, supplied information, follow-up or resolution, optionally with uploaded attachments (<c>POST /api/attachments</c>).</summary>
public sealed record MessageWithAttachmentsRequest(string? Message, IReadOnlyList<string>? AttachmentIds = null);
