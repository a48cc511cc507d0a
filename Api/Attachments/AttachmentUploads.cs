using System.Security.Cryptography;
using Lapor.Hosting.Storage.Attachments;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Attachments;

/// <summary>
/// Receives one upload: the request body streams to a temp file (hashed and counted on the way, refused as soon as it
/// passes the size limit), its type is read from its first bytes, its structure is walked to the end (images get a
/// stripped copy), and only then does the store take it. Any refusal or fault removes the temp files.
/// </summary>
public sealed class AttachmentUploads(IAttachmentStore store, AttachmentOptions options, TimeProvider time)
{
    private readonly FileKind[] _allowed = options.AllowedTypes is { Length: > 0 } names
        ? [.. FileKind.All.Where(k => names.Contains(k.Name, StringComparer.OrdinalIgnoreCase))]
        : [.. FileKind.All];

    public IReadOnlyList<FileKind> Allowed => _allowed;

    public AttachmentOptions Options => options;

    /// <summary>The file size limit as people read it ("25 MiB").</summary>
    public string MaxFileSize => $"{options.MaxFileBytes / (1024.0 * 1024.0):0.#} MiB";

    /// <summary>The raw-file upload: the request body is the file.</summary>
    public Task<(AttachmentRecord? Saved, ProblemHttpResult? Refused)> ReceiveAsync(HttpContext http, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.ContentLength > options.MaxFileBytes)
        {
            return Task.FromResult<(AttachmentRecord?, ProblemHttpResult?)>((null, TooBig(FileNames.Sanitize(fileName))));
        }

        // The API's 256 KiB body limit is for JSON; an upload may reach the file limit (one byte more shows it is over).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxFileBytes + 1;
        }

        return ReceiveAsync(http.Request.Body, fileName, cancellationToken);
    }

    /// <summary>One file from any stream (the raw upload's body, or a file of a page's multipart form).</summary>
    public async Task<(AttachmentRecord? Saved, ProblemHttpResult? Refused)> ReceiveAsync(Stream body, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var name = FileNames.Sanitize(fileName);
        var max = options.MaxFileBytes;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var original = Path.Combine(store.TempFolder, id + AdoNetAttachmentStore.TempSuffix);
        var strippedPath = Path.Combine(store.TempFolder, id + ".stripped" + AdoNetAttachmentStore.TempSuffix);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[FileKind.HeadLength];
            var headLength = 0;
            long total = 0;
            await using (var file = new FileStream(original, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                while (true)
                {
                    int n;
                    try
                    {
                        n = await body.ReadAsync(buffer, cancellationToken);
                    }
                    catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                    {
                        return (null, TooBig(name));
                    }
                    catch (BadHttpRequestException)
                    {
                        // The client promised more than it sent (Content-Length) or broke off: a truncated upload.
                        return (null, Damaged(name, "tidak terkirim utuh (terpotong)."));
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    total += n;
                    if (total > max)
                    {
                        return (null, TooBig(name));
                    }

                    if (headLength < head.Length)
                    {
                        var take = Math.Min(n, head.Length - headLength);
                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }

                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            if (total == 0)
            {
                return (null, AttachmentProblems.File(StatusCodes.Status400BadRequest, "file", name, "berkas kosong (0 byte)."));
            }

            var kind = FileKind.Sniff(head.AsSpan(0, headLength));
            if (kind is null || !_allowed.Contains(kind))
            {
                return (null, AttachmentProblems.File(StatusCodes.Status415UnsupportedMediaType, "file", name,
                    $"jenis berkas tidak diterima. Yang diterima: {FileKind.Describe(_allowed)} (dikenali dari isi berkas, bukan dari namanya)."));
            }

            name = FileNames.Sanitize(fileName, kind);
            long? strippedSize = null;
            string? strippedSha = null;
            try
            {
                await Task.Run(() =>
                {
                    using var input = new FileStream(original, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
                    using var output = kind.IsImage ? new FileStream(strippedPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None) : null;
                    FileCheck.Run(kind, input, output);
                }, cancellationToken);
            }
            catch (DamagedFileException)
            {
                return (null, Damaged(name, "berkas rusak atau terpotong."));
            }

            if (kind.IsImage)
            {
                await using var copy = new FileStream(strippedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                strippedSize = copy.Length;
                strippedSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(copy, cancellationToken));
            }

            var saved = await store.SaveAsync(new NewAttachment(id, name, kind.ContentType, total, Convert.ToHexStringLower(hash.GetHashAndReset()),
                original, kind.IsImage ? strippedPath : null, strippedSize, strippedSha, time.GetUtcNow()), cancellationToken);
            return (saved, null);
        }
        finally
        {
            // Whatever the store did not take (every refusal, every fault) goes now.
            TryDelete(original);
            TryDelete(strippedPath);
        }
    }

    private ProblemHttpResult TooBig(string name) =>
        AttachmentProblems.File(StatusCodes.Status413PayloadTooLarge, "file", name,
            $"berkas melebihi batas {MaxFileSize}.");

    private static ProblemHttpResult Damaged(string name, string message) =>
        AttachmentProblems.File(StatusCodes.Status400BadRequest, "file", name, message);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The cleaner removes leftovers in the temp folder.
        }
    }
}
