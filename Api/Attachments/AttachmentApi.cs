using Lapor.Api.Auth;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Lapor.Hosting.Storage.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Attachments;

/// <summary>
/// Photos, documents and short videos. Upload first (<c>POST /api/attachments</c>, the raw file as the body), then
/// name the answered ids in a submission, reply, supplied information, follow-up or resolution. Downloads are for the
/// reporter (with the tracking secret; images without location metadata) and for staff who may see the complaint
/// (the original). There is no public path to any attachment (docs/domain.md §2).
/// </summary>
public static class AttachmentApi
{
    public static IEndpointRouteBuilder MapAttachmentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/attachments", Upload)
            .WithTags("Lampiran")
            .WithSummary("Unggah lampiran (foto, dokumen, video pendek)")
            .WithDescription("Isi permintaan adalah berkas itu sendiri (bukan multipart). Jenisnya dikenali dari isinya. Id yang dijawab "
                + "disebut dalam attachmentIds pada laporan baru, balasan, informasi tambahan, tindak lanjut atau penyelesaian; "
                + "unggahan yang tidak pernah disebut dihapus setelah masa simpannya (expiresAt).")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Submission)
            .WithMetadata(new AttachmentUploadMarker());

        var reporter = app.MapGroup("/api/reporter/complaints/{code}/attachments")
            .WithTags("Pelapor")
            .RequireAuthorization(Policies.Reporter)
            .RequireRateLimiting(RateLimits.Reporter);
        reporter.MapGet("", ReporterList).WithSummary("Daftar lampiran laporan sendiri");
        reporter.MapGet("/{id}", ReporterDownload).WithSummary("Unduh lampiran (foto tanpa metadata lokasi)")
            .WithMetadata(new AttachmentDownloadMarker());

        var staff = app.MapGroup("/api/complaints/{code}/attachments").WithTags("Petugas").RequireAuthorization(Policies.StaffOrOverseer);
        staff.MapGet("", StaffList).WithSummary("Daftar lampiran (petugas, pengawas)");
        staff.MapGet("/{id}", StaffDownload).WithSummary("Unduh lampiran asli (petugas, pengawas)")
            .WithMetadata(new AttachmentDownloadMarker());
        return app;
    }

    public static async Task<Results<Created<AttachmentView>, ValidationProblem, ProblemHttpResult>> Upload(HttpContext http, string? fileName,
        AttachmentUploads uploads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        if (fileName is { Length: > 255 })
        {
            return Problems.Invalid("fileName", "Nama berkas paling panjang 255 karakter.");
        }

        var (saved, refused) = await uploads.ReceiveAsync(http, fileName, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Created((string?)null, View(saved!, stripped: false, saved!.CreatedAt + uploads.Options.StagedLifetime));
    }

    public static async Task<Results<Ok<AttachmentView[]>, ProblemHttpResult>> ReporterList(string code, [AsParameters] ComplaintServices services,
        IAttachmentStore store)
    {
        if (await ReporterViewAsync(code, services) is not { } view)
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(await VisibleAsync(store, code, view, stripped: true));
    }

    public static async Task<Results<AttachmentFile, ProblemHttpResult>> ReporterDownload(string code, string id, [AsParameters] ComplaintServices services,
        IAttachmentStore store)
    {
        if (await ReporterViewAsync(code, services) is not { } view)
        {
            return Problems.NotFound();
        }

        return await FileAsync(store, code, id, view, stripped: true);
    }

    public static async Task<Results<Ok<AttachmentView[]>, ProblemHttpResult>> StaffList(string code, [AsParameters] ComplaintServices services,
        IAttachmentStore store)
    {
        var (view, refused) = await StaffViewAsync(code, services);
        return view is null ? refused! : TypedResults.Ok(await VisibleAsync(store, code, view, stripped: false));
    }

    public static async Task<Results<AttachmentFile, ProblemHttpResult>> StaffDownload(string code, string id, [AsParameters] ComplaintServices services,
        IAttachmentStore store)
    {
        var (view, refused) = await StaffViewAsync(code, services);
        return view is null ? refused! : await FileAsync(store, code, id, view, stripped: false);
    }

    /// <summary>The files a reporter's view (one already opened with the tracking secret) carries, as the reporter gets them.</summary>
    public static Task<AttachmentView[]> ReporterFilesAsync(IAttachmentStore store, ComplaintView reporterView)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reporterView);
        return VisibleAsync(store, reporterView.Id, reporterView, stripped: true);
    }

    /// <summary>One file of a reporter's view (opened with the tracking secret): the copy without location metadata.</summary>
    public static Task<Results<AttachmentFile, ProblemHttpResult>> ReporterFileAsync(IAttachmentStore store, ComplaintView reporterView, string id)
    {
        ArgumentNullException.ThrowIfNull(reporterView);
        return FileAsync(store, reporterView.Id, id, reporterView, stripped: true);
    }

    private static async Task<ComplaintView?> ReporterViewAsync(string code, ComplaintServices services) =>
        services.Http.Items[TrackingSecretHandler.VerifiedViewKey] as ComplaintView
        ?? await Transient.RetryAsync(() => services.Grains.Reference<IComplaintGrain>(code).View(Viewer.Reporter));

    private static async Task<(ComplaintView? View, ProblemHttpResult? Refused)> StaffViewAsync(string code, ComplaintServices services)
    {
        if (services.Screen(code) is { } refused)
        {
            return (null, refused);
        }

        var grain = services.Grains.Reference<IComplaintGrain>(code);
        if (!await services.StaffMaySeeAsync(code, grain))
        {
            return (null, Problems.NotFound());
        }

        var actor = services.Http.User.ToActor();
        var viewer = new Viewer(actor.Role == ActorRole.Overseer ? ViewerKind.Overseer : ViewerKind.Staff, actor);
        var view = await Transient.RetryAsync(() => grain.View(viewer));
        return view is null ? (null, Problems.NotFound()) : (view, null);
    }

    /// <summary>Only what the viewer's own view of the complaint carries: the same redaction as every other read.</summary>
    private static HashSet<string> VisibleIds(ComplaintView view) =>
        [.. view.Timeline.SelectMany(e => e.Attachments ?? [])];

    private static async Task<AttachmentView[]> VisibleAsync(IAttachmentStore store, string code, ComplaintView view, bool stripped)
    {
        var visible = VisibleIds(view);
        if (visible.Count == 0)
        {
            return [];
        }

        return [.. (await store.ListAsync(code)).Where(a => visible.Contains(a.Id)).Select(a => View(a, stripped, null))];
    }

    private static async Task<Results<AttachmentFile, ProblemHttpResult>> FileAsync(IAttachmentStore store, string code, string id, ComplaintView view,
        bool stripped)
    {
        if (!AttachmentBinding.IsId(id) || !VisibleIds(view).Contains(id)
            || await store.FindAsync(id) is not { EntrySequence: not null } attachment || attachment.ComplaintId != code)
        {
            return AttachmentProblems.NotFound();
        }

        return new AttachmentFile(store, attachment, stripped);
    }

    private static AttachmentView View(AttachmentRecord a, bool stripped, DateTimeOffset? expiresAt) =>
        stripped && a.HasStrippedCopy
            ? new AttachmentView(a.Id, a.FileName, a.ContentType, a.StrippedSize!.Value, a.StrippedSha256!, a.CreatedAt, a.EntrySequence, expiresAt)
            : new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.CreatedAt, a.EntrySequence, expiresAt);
}

/// <summary>Endpoint metadata: the raw-file upload (its request body and refusals are described by the contract transformer).</summary>
public sealed class AttachmentUploadMarker;

/// <summary>Endpoint metadata: answers a file download instead of JSON.</summary>
public sealed class AttachmentDownloadMarker;
