using Lapor.Api.Attachments;
using Lapor.Hosting.Storage.Attachments;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Web;

/// <summary>
/// Files sent with a page's form. Each goes through the API's own upload pipeline (type read from the content, structure
/// checked, size limit, image copy without location metadata), then its id rides the API request like a client's
/// <c>attachmentIds</c>. Files a previous post of the same form already stored are carried in a hidden field, so a
/// refusal of another field never asks the citizen to choose them again.
/// </summary>
public sealed class WebAttachments(AttachmentUploads uploads, IAttachmentStore store)
{
    /// <summary>The file input's name in every form that takes files.</summary>
    public const string InputName = "berkas";

    /// <summary>The field the errors are shown at (the API's name for the ids).</summary>
    public const string Field = AttachmentBinding.Field;

    /// <summary>Room for the form's other fields beside the files.</summary>
    private const long FieldsAllowance = 1024 * 1024;

    /// <summary>The <c>accept</c> list of the file input: the content types the uploads take.</summary>
    public string Accept => string.Join(',', uploads.Allowed.Select(k => k.ContentType).Distinct());

    /// <summary>What the hint under the file input says.</summary>
    public string Hint =>
        $"Paling banyak {uploads.Options.MaxPerMessage} berkas, masing-masing sampai {uploads.MaxFileSize}: "
        + $"{FileKind.Describe(uploads.Allowed)}. Lampiran tidak pernah ditampilkan kepada publik.";

    /// <summary>The largest form post that may carry files: every file at its limit and the other fields.</summary>
    public long MaxFormBytes => (uploads.Options.MaxPerMessage * uploads.Options.MaxFileBytes) + FieldsAllowance;

    /// <summary>
    /// The files carried from an earlier post (still waiting for a message) and those in this post, stored; refusals
    /// as one message per file. Nothing here is attached to a complaint yet: staged files no message names expire.
    /// </summary>
    public async Task<StagedFiles> StageAsync(HttpContext http, string? carried, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var max = uploads.Options.MaxPerMessage;
        var staged = new List<StagedFile>();
        foreach (var id in (carried ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(AttachmentBinding.IsId).Distinct().Take(max))
        {
            if (await store.FindAsync(id, cancellationToken) is { ComplaintId: null } waiting)
            {
                staged.Add(new StagedFile(waiting.Id, waiting.FileName, waiting.Size));
            }
        }

        // The form was read before the page ran (the anti-forgery check): this answers the same form.
        var posted = http.Request.HasFormContentType
            ? (await http.Request.ReadFormAsync(cancellationToken)).Files.GetFiles(InputName).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList()
            : [];
        if (staged.Count + posted.Count > max)
        {
            return new StagedFiles(staged, [$"Paling banyak {max} lampiran per laporan; pilih lebih sedikit berkas."]);
        }

        var refusals = new List<string>();
        foreach (var file in posted)
        {
            await using var content = file.OpenReadStream();
            var (saved, refused) = await uploads.ReceiveAsync(content, file.FileName, cancellationToken);
            if (saved is not null)
            {
                staged.Add(new StagedFile(saved.Id, saved.FileName, saved.Size));
            }
            else
            {
                refusals.Add(Message(refused!));
            }
        }

        return new StagedFiles(staged, refusals);
    }

    /// <summary>
    /// Lets a form that takes files be larger than the API's JSON limit, before anything reads the form (the
    /// anti-forgery check does): the body up to <see cref="MaxFormBytes"/>, the multipart reader likewise.
    /// </summary>
    public static IApplicationBuilder UseFormUploadLimit(IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<TakesFilesAttribute>() is not null)
            {
                var limit = context.RequestServices.GetRequiredService<WebAttachments>().MaxFormBytes;
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
                {
                    body.MaxRequestBodySize = limit;
                }

                context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
            }

            return next(context);
        });

    /// <summary>The API's errors with "attachmentIds[2]" and its like gathered at the one file field.</summary>
    public static Dictionary<string, string[]> AtFileField(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        errors.GroupBy(e => e.Key.StartsWith(Field, StringComparison.Ordinal) ? Field : e.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());

    /// <summary>This post's refusals, at the file field.</summary>
    public static Dictionary<string, string[]> Refused(StagedFiles staged) => new() { [Field] = [.. staged.Refusals] };

    private static string Message(ProblemHttpResult refused) =>
        refused.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } details
            ? details.Errors.Values.SelectMany(m => m).First()
            : refused.ProblemDetails.Detail ?? refused.ProblemDetails.Title ?? "Berkas ditolak.";
}

/// <summary>Files stored for a form and waiting for its message, and the refusals of this post.</summary>
public sealed record StagedFiles(IReadOnlyList<StagedFile> Files, IReadOnlyList<string> Refusals)
{
    public static readonly StagedFiles None = new([], []);

    /// <summary>The ids for the hidden field that carries them to the next post of the form.</summary>
    public string Carried => string.Join(' ', Files.Select(f => f.Id));

    public IReadOnlyList<string>? Ids => Files.Count == 0 ? null : [.. Files.Select(f => f.Id)];
}

/// <summary>One stored file of a form: its id, its (sanitized) name and size.</summary>
public sealed record StagedFile(string Id, string FileName, long Size);

/// <summary>On a page: its form posts files (multipart), so the post may exceed the API's JSON body limit.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TakesFilesAttribute : Attribute;
