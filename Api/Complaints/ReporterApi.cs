using System.Security.Cryptography;
using System.Text.Json;
using Lapor.Api.Attachments;
using Lapor.Api.Auth;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Complaints;

/// <summary>The reporter's side: file a report, then follow and answer it with the tracking code and secret.</summary>
public static class ReporterApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapReporterApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/complaints", Submit)
            .WithTags("Pelapor")
            .WithSummary("Kirim laporan baru")
            .WithDescription("Kirim ulang dengan Idempotency-Key yang sama tidak membuat laporan kedua.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Submission);

        var reporter = app.MapGroup("/api/reporter/complaints/{code}")
            .WithTags("Pelapor")
            .RequireAuthorization(Policies.Reporter)
            .RequireRateLimiting(RateLimits.Reporter);
        reporter.MapGet("", Get).WithSummary("Lihat laporan sendiri (kode pelacakan + rahasia)");
        reporter.MapPost("/replies", Reply).WithSummary("Balas instansi");
        reporter.MapPost("/information", SupplyInformation).WithSummary("Lengkapi informasi yang diminta (laporan ditunda)");
        reporter.MapPost("/confirmation", Confirm).WithSummary("Konfirmasi penyelesaian dan beri penilaian");
        reporter.MapPost("/rating", Rate).WithSummary("Beri penilaian atas laporan yang ditutup");
        reporter.MapPost("/reopen", Reopen).WithSummary("Buka kembali laporan yang ditutup");
        reporter.MapDelete("/personal-data", ErasePersonalData)
            .WithSummary("Hapus data pribadi pelapor")
            .WithDescription("Menghapus nama, e-mail, nomor telepon, dan sumber laporan (unggahan media sosial, pesan) dari laporan, "
                + "juga alamat pada pemberitahuan yang pernah dikirim. Laporan tetap berjalan dan dapat diikuti dengan kode pelacakan "
                + "dan kata rahasia; petugas tidak dapat lagi menghubungi pelapor. Permintaan ulang tidak mengubah apa pun.");
        return app;
    }

    public static async Task<Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        [FromBody] SubmitRequest? request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        [AsParameters] ComplaintServices services,
        AttachmentBinding attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var (http, grains, keys) = (services.Http, services.Grains, services.Keys);
        if (idempotencyKey is not null && (idempotencyKey.Length is < 8 or > 128 || idempotencyKey.Any(char.IsControl)))
        {
            return Problems.Invalid(IdempotencyHeader, "Idempotency-Key harus 8–128 karakter yang dapat dicetak (mis. UUID).");
        }

        var today = IndonesianZones.LocalDate(services.Time.GetUtcNow(), AgencyZone.Wit);
        var (command, errors) = Validation.Submission(request, today);
        if (command is null)
        {
            services.Metrics.Submitted("unknown", "unknown", "invalid");
            return Problems.Invalid(errors.List);
        }

        var (kind, channel) = (Camel(command.Report.Kind.ToString()), Camel(command.Report.Channel.ToString()));
        var (code, secret) = keys.For(idempotencyKey);
        command = command with
        {
            RequestHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request))),
            SecretHash = SubmissionKeys.HashSecret(secret),
        };

        // Uploads named in the report go on its first timeline entry (a replayed submission names them again).
        CommandResult? result = null;
        var refused = await attachments.RunAsync<Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult>?>(code, request!.AttachmentIds, 1,
            async ids =>
            {
                var submit = command with { Attachments = ids };
                result = idempotencyKey is null
                    ? await grains.Reference<IComplaintGrain>(code).Submit(submit)
                    : await Transient.RetryAsync(() => grains.Reference<IComplaintGrain>(code).Submit(submit));
                return null;
            },
            _ => result?.View, v => v, p => p);
        if (refused is not null)
        {
            return refused;
        }

        if (result!.Rejection is { } rejection)
        {
            services.Metrics.Submitted(kind, channel, "refused");
            return Problems.From<Created<SubmitResponse>>(rejection);
        }

        services.Metrics.Submitted(kind, channel, result.Replayed ? "replayed" : "created");
        if (result.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        ETags.Set(http, result.View!.Version);
        return TypedResults.Created($"/api/reporter/complaints/{code}", new SubmitResponse(code, secret, result.View));
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> Get(string code, [AsParameters] ComplaintServices services)
    {
        var view = services.Http.Items[TrackingSecretHandler.VerifiedViewKey] as ComplaintView
            ?? await Transient.RetryAsync(() => services.Grains.Reference<IComplaintGrain>(code).View(Viewer.Reporter));
        if (view is null)
        {
            return Problems.NotFound();
        }

        ETags.Set(services.Http, view.Version);
        return TypedResults.Ok(view);
    }

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Reply(string code, MessageWithAttachmentsRequest request,
        [AsParameters] ComplaintServices services, AttachmentBinding attachments) =>
        ComplaintCommands.RunMessage(services, attachments, code, request, m => new ReplyAction(m), Actor.Reporter);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> SupplyInformation(string code, MessageWithAttachmentsRequest request,
        [AsParameters] ComplaintServices services, AttachmentBinding attachments) =>
        ComplaintCommands.RunMessage(services, attachments, code, request, m => new SupplyInformationAction(m), Actor.Reporter);

    public static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Confirm(string code, ConfirmRequest request, [AsParameters] ComplaintServices services)
    {
        var errors = new Validation.Errors();
        var comment = errors.OptionalText("comment", request.Comment, Validation.MaxMessage);
        if (request.Rating is { } rating && rating is < 1 or > 5)
        {
            errors.Add("rating", "Penilaian harus 1 sampai 5.");
        }

        return errors.Any ? Problems.Invalid(errors.List)
            : await ComplaintCommands.Run(services, code, new ConfirmAction(request.Rating, comment), Actor.Reporter);
    }

    public static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Rate(string code, RateRequest request, [AsParameters] ComplaintServices services)
    {
        var errors = new Validation.Errors();
        var comment = errors.OptionalText("comment", request.Comment, Validation.MaxMessage);
        if (request.Rating is not { } rating || rating is < 1 or > 5)
        {
            errors.Add("rating", "Penilaian wajib diisi, 1 sampai 5.");
        }

        return errors.Any ? Problems.Invalid(errors.List)
            : await ComplaintCommands.Run(services, code, new RateAction(request.Rating!.Value, comment), Actor.Reporter);
    }

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> ErasePersonalData(string code, [AsParameters] ComplaintServices services) =>
        ComplaintCommands.Run(services, code, new ErasePersonalDataAction(), Actor.Reporter);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Reopen(string code, ReasonRequest request, [AsParameters] ComplaintServices services) =>
        ComplaintCommands.RunWithText(services, code, "reason", request.Reason, r => new ReopenAction(r), Actor.Reporter);
}
