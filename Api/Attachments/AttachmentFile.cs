using Lapor.Hosting.Storage.Attachments;
using Microsoft.Net.Http.Headers;

namespace Lapor.Api.Attachments;

/// <summary>
/// A download: the stored type, <c>Content-Disposition: attachment</c> with the UTF-8 name, <c>nosniff</c>,
/// <c>no-store</c>, a sandboxing CSP (a browser never runs it as a page) and <c>Repr-Digest</c> (SHA-256); the bytes
/// are copied from the store piece by piece.
/// </summary>
public sealed class AttachmentFile(IAttachmentStore store, AttachmentRecord attachment, bool stripped) : IResult
{
    public AttachmentRecord Attachment => attachment;

    public bool Stripped => stripped && attachment.HasStrippedCopy;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var (size, sha) = Stripped ? (attachment.StrippedSize!.Value, attachment.StrippedSha256!) : (attachment.Size, attachment.Sha256);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = attachment.ContentType;
        response.ContentLength = size;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(attachment.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers["Repr-Digest"] = "sha-256=:" + Convert.ToBase64String(Convert.FromHexString(sha)) + ":";
        await store.CopyToAsync(attachment, Stripped, response.Body, httpContext.RequestAborted);
    }
}
