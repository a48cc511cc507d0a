using Lapor.Api.Attachments;
using Lapor.Api.Auth;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Complaints;

/// <summary>
/// Admin Nasional, agency admins and liaison officers working a complaint: verify and route, hold, archive,
/// route to a unit, "bukan wewenang", follow up, resolve, add a related agency. Roles are checked by policy here;
/// the agency scope (is this complaint on my agency's chain?) by the complaint itself from the token's agency claim.
/// </summary>
public static class StaffComplaintApi
{
    public static IEndpointRouteBuilder MapStaffComplaintApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/complaints/{code}").WithTags("Petugas");
        group.MapGet("", Get).RequireAuthorization(Policies.StaffOrOverseer).WithSummary("Lihat laporan (petugas, pengawas)");
        group.MapPost("/route", Route).RequireAuthorization(Policies.Admin).WithSummary("Verifikasi dan disposisi ke instansi");
        group.MapPost("/hold", Hold).RequireAuthorization(Policies.Admin).WithSummary("Tunda: minta informasi tambahan dari pelapor");
        group.MapPost("/archive", Archive).RequireAuthorization(Policies.Admin).WithSummary("Arsipkan dengan alasan");
        group.MapPost("/route-to-unit", RouteToUnit).RequireAuthorization(Policies.Admin).WithSummary("Teruskan ke unit kerja");
        group.MapPost("/not-our-authority", NotOurAuthority).RequireAuthorization(Policies.Admin).WithSummary("Bukan wewenang: kembalikan untuk disposisi ulang");
        group.MapPost("/follow-ups", FollowUp).RequireAuthorization(Policies.Staff).WithSummary("Tindak lanjut (tanggapan pertama atau lanjutan)");
        group.MapPost("/resolution", Resolve).RequireAuthorization(Policies.Staff).WithSummary("Nyatakan selesai");
        group.MapPost("/related-agencies", AddRelated).RequireAuthorization(Policies.Admin).WithSummary("Tambah instansi terkait (lintas sektoral)");
        return app;
    }

    public static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> Get(string code, [AsParameters] ComplaintServices services)
    {
        var http = services.Http;
        if (services.Screen(code) is { } refused)
        {
            return refused;
        }

        var grain = services.Grains.Reference<IComplaintGrain>(code);
        if (!await services.StaffMaySeeAsync(code, grain))
        {
            return Problems.NotFound();
        }

        var actor = services.Http.User.ToActor();
        var viewer = new Viewer(actor.Role == ActorRole.Overseer ? ViewerKind.Overseer : ViewerKind.Staff, actor);
        var view = await Transient.RetryAsync(() => grain.View(viewer));
        if (view is null)
        {
            return Problems.NotFound();
        }

        ETags.Set(http, view.Version);
        return TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Route(string code, RouteRequest request, [AsParameters] ComplaintServices services)
    {
        var errors = new Validation.Errors();
        var agencyId = errors.Slug("agencyId", request.AgencyId, required: true);
        var note = errors.OptionalText("note", request.Note, Validation.MaxMessage);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var action = new RouteAction(agencyId!, request.ResolutionClass ?? ResolutionClass.Normative, note, request.Anonymous, request.Confidential,
            request.RelatedAssignments);
        return await ComplaintCommands.Run(services, code, action, services.Http.User.ToActor());
    }

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Hold(string code, MessageRequest request, [AsParameters] ComplaintServices services) =>
        ComplaintCommands.RunWithText(services, code, "message", request.Message, m => new HoldAction(m), services.Http.User.ToActor());

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Archive(string code, ReasonRequest request, [AsParameters] ComplaintServices services) =>
        ComplaintCommands.RunWithText(services, code, "reason", request.Reason, r => new ArchiveAction(r), services.Http.User.ToActor());

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RouteToUnit(string code, RouteToUnitRequest request, [AsParameters] ComplaintServices services) =>
        RunWithAgency(services, code, "unitId", request.UnitId, request.Note, (unit, note) => new RouteToUnitAction(unit, note));

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> NotOurAuthority(string code, ReasonRequest request, [AsParameters] ComplaintServices services) =>
        ComplaintCommands.RunWithText(services, code, "reason", request.Reason, r => new NotOurAuthorityAction(r), services.Http.User.ToActor());

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> FollowUp(string code, MessageWithAttachmentsRequest request,
        [AsParameters] ComplaintServices services, AttachmentBinding attachments) =>
        ComplaintCommands.RunMessage(services, attachments, code, request, m => new FollowUpAction(m), services.Http.User.ToActor());

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> Resolve(string code, MessageWithAttachmentsRequest request,
        [AsParameters] ComplaintServices services, AttachmentBinding attachments) =>
        ComplaintCommands.RunMessage(services, attachments, code, request, m => new ResolveAction(m), services.Http.User.ToActor());

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> AddRelated(string code, RelatedAgencyRequest request, [AsParameters] ComplaintServices services) =>
        RunWithAgency(services, code, "agencyId", request.AgencyId, request.Note, (agency, note) => new AddRelatedAgencyAction(agency, note));

    /// <summary>Commands that name an agency (required) and carry an optional note.</summary>
    private static async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RunWithAgency(
        ComplaintServices services, string code, string field, string? agencyId, string? note, Func<string, string?, ComplaintAction> action)
    {
        var errors = new Validation.Errors();
        var agency = errors.Slug(field, agencyId, required: true);
        var text = errors.OptionalText("note", note, Validation.MaxMessage);
        return errors.Any ? Problems.Invalid(errors.List)
            : await ComplaintCommands.Run(services, code, action(agency!, text), services.Http.User.ToActor());
    }
}
