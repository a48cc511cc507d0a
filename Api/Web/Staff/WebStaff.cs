using Lapor.Api.Agencies;
using Lapor.Api.Attachments;
using Lapor.Api.Auth;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Api.Monev;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Hosting.Storage.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Web.Staff;

/// <summary>
/// The staff pages' door to the engine: the inbox, the complaint, its actions and monev, each through the API's own
/// handler after the API's own checks (the endpoint's policy, the agency scope filter's rule, If-Match). No rule lives here.
/// </summary>
public sealed class WebStaff(ApiPolicy policy)
{
    /// <summary>What a stale form (412) shows; the typed text stays in the form.</summary>
    public const string Stale = "Laporan ini baru saja diubah orang lain — muat ulang";

    private static ComplaintServices Services(HttpContext http) => ActivatorUtilities.CreateInstance<ComplaintServices>(http.RequestServices, http);

    private static AgencyServices AgencyServices(HttpContext http) => ActivatorUtilities.CreateInstance<AgencyServices>(http.RequestServices, http);

    public ApiPolicy Policy { get; } = policy;

    /// <summary>The agency scope check of the API's agency and monev routes; null when the user may see the agency.</summary>
    public static async Task<WebOutcome<AgencyRouting>> AgencyAsync(HttpContext http, string? agencyId, string deniedTitle)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await AgencyAccessFilter.AuthorizeAsync(http, agencyId, deniedTitle) is { } refused
            ? WebOutcome<AgencyRouting>.Failed(refused.ProblemDetails.Title ?? deniedTitle, refused.StatusCode)
            : WebOutcome<AgencyRouting>.Ok(http.AuthorizedAgency());
    }

    public static async Task<WebOutcome<InboxPage>> InboxAsync(HttpContext http, string agencyId, InboxParameters parameters)
    {
        var access = await AgencyAsync(http, agencyId, AgencyApi.DeniedTitle);
        return !access.Succeeded
            ? WebOutcome<InboxPage>.Failed(access.Problem!, access.Status)
            : WebOutcome<InboxPage>.From((await AgencyApi.Inbox(agencyId, parameters, AgencyServices(http))).Result);
    }

    public static async Task<WebOutcome<ComplaintView>> ComplaintAsync(HttpContext http, string code) =>
        WebOutcome<ComplaintView>.From((await StaffComplaintApi.Get(code, Services(http))).Result);

    /// <summary>The attachments the signed-in user's view of the complaint carries (the API's list, same redaction).</summary>
    public static async Task<IReadOnlyList<AttachmentView>> AttachmentsAsync(HttpContext http, string code)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (await AttachmentApi.StaffList(code, Services(http), http.RequestServices.GetRequiredService<IAttachmentStore>())).Result
            is Ok<AttachmentView[]> { Value: { } files } ? files : [];
    }

    /// <summary>One attachment's original file, through the API's staff download (its scope and visibility checks).</summary>
    public static async Task<IResult> AttachmentAsync(HttpContext http, string code, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (await AttachmentApi.StaffDownload(code, id, Services(http), http.RequestServices.GetRequiredService<IAttachmentStore>())).Result;
    }

    /// <summary>Whether the page offers the action: the API endpoint's policy and the guard table's row both allow it.</summary>
    public async Task<bool> OffersAsync(HttpContext http, StaffAction action, ComplaintStatus status)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(action);
        return Roles.ToActorRole(http.User.FindFirst(Auth.LaporClaims.Role)?.Value) is { } role
            && StaffActions.GuardAllows(action, role, status)
            && await Policy.AllowsAsync(http, HttpMethods.Post, action.Pattern);
    }

    /// <summary>Posts one action form through its API handler with the form's version as If-Match (and its stored files).</summary>
    public async Task<WebOutcome<ComplaintView>> ActAsync(HttpContext http, string code, StaffActionForm form, IReadOnlyList<string>? attachmentIds = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(form);
        if (StaffActions.Find(form.Action) is not { } action)
        {
            return WebOutcome<ComplaintView>.Failed("Tindakan tidak dikenal.", StatusCodes.Status400BadRequest);
        }

        if (!await Policy.AllowsAsync(http, HttpMethods.Post, action.Pattern))
        {
            return WebOutcome<ComplaintView>.Failed(Problems.Forbidden().ProblemDetails.Title!, StatusCodes.Status403Forbidden);
        }

        if (form.Version is not { } version)
        {
            return new WebOutcome<ComplaintView>(null, new Dictionary<string, string[]> { ["If-Match"] = ["Versi laporan hilang; muat ulang halaman."] },
                Problems.InvalidTitle, StatusCodes.Status400BadRequest);
        }

        // The handler reads If-Match from the request, as it does for the API: the form's version becomes that header.
        http.Request.Headers.IfMatch = ETags.For(version);
        var services = Services(http);
        var result = action.Field switch
        {
            StaffActionField.Route when !InboxParameters.TryEnum<ResolutionClass>(Empty(form.ResolutionClass), out var resolution) =>
                Problems.Invalid("resolutionClass", "Kelas penyelesaian tidak dikenal."),
            StaffActionField.Route when !InboxParameters.TryEnum<RelatedOnReroute>(Empty(form.Related), out var related) =>
                Problems.Invalid("relatedAssignments", "Pilih lanjutkan atau hentikan."),
            StaffActionField.Route => (await StaffComplaintApi.Route(code, new RouteRequest(Empty(form.AgencyId),
                ParseEnum<ResolutionClass>(form.ResolutionClass), Empty(form.Note), form.Anonymous ? true : null, form.Confidential ? true : null,
                ParseEnum<RelatedOnReroute>(form.Related)), services)).Result,
            StaffActionField.Unit => (await StaffComplaintApi.RouteToUnit(code, new RouteToUnitRequest(Empty(form.AgencyId), Empty(form.Note)), services)).Result,
            StaffActionField.Related => (await StaffComplaintApi.AddRelated(code, new RelatedAgencyRequest(Empty(form.AgencyId), Empty(form.Note)), services)).Result,
            _ => action.Name switch
            {
                "follow-up" => (await StaffComplaintApi.FollowUp(code, new MessageWithAttachmentsRequest(form.Text, attachmentIds), services, WebComplaints.Attachments(http))).Result,
                "resolve" => (await StaffComplaintApi.Resolve(code, new MessageWithAttachmentsRequest(form.Text, attachmentIds), services, WebComplaints.Attachments(http))).Result,
                "hold" => (await StaffComplaintApi.Hold(code, new MessageRequest(form.Text), services)).Result,
                "not-our-authority" => (await StaffComplaintApi.NotOurAuthority(code, new ReasonRequest(form.Text), services)).Result,
                _ => (await StaffComplaintApi.Archive(code, new ReasonRequest(form.Text), services)).Result,
            },
        };
        var outcome = WebOutcome<ComplaintView>.From(result);
        return outcome.Status == StatusCodes.Status412PreconditionFailed ? outcome with { Problem = Stale } : outcome;
    }

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        InboxParameters.TryEnum<T>(Empty(text), out var value) ? value : null;

    public static async Task<WebOutcome<AgencyIndicators>> MonevAsync(HttpContext http, string agencyId, MonevRange range, string? scope)
    {
        var access = await AgencyAsync(http, agencyId, MonevApi.DeniedTitle);
        return !access.Succeeded
            ? WebOutcome<AgencyIndicators>.Failed(access.Problem!, access.Status)
            : WebOutcome<AgencyIndicators>.From((await MonevApi.Agency(agencyId, range, scope, AgencyServices(http))).Result);
    }

    public static async Task<WebOutcome<Series>> SeriesAsync(HttpContext http, string agencyId, MonevRange range, string? scope)
    {
        var access = await AgencyAsync(http, agencyId, MonevApi.DeniedTitle);
        return !access.Succeeded
            ? WebOutcome<Series>.Failed(access.Problem!, access.Status)
            : WebOutcome<Series>.From((await MonevApi.SeriesOf(agencyId, range, scope, AgencyServices(http))).Result);
    }

    public static async Task<WebOutcome<Ranking>> RankingAsync(HttpContext http, string agencyId, string? from, string? to, string? orderBy)
    {
        var access = await AgencyAsync(http, agencyId, MonevApi.DeniedTitle);
        return !access.Succeeded
            ? WebOutcome<Ranking>.Failed(access.Problem!, access.Status)
            : WebOutcome<Ranking>.From((await MonevApi.Children(agencyId, from, to, orderBy, AgencyServices(http))).Result);
    }

    /// <summary>The API's CSV export for the cookie session (the API route itself takes bearer tokens only).</summary>
    public static async Task<IResult> ExportAsync(HttpContext http, string agencyId, MonevRange range, string? scope, string? lang)
    {
        if (await AgencyAccessFilter.AuthorizeAsync(http, agencyId, MonevApi.DeniedTitle) is { } refused)
        {
            return refused;
        }

        return (await MonevApi.Export(agencyId, range, scope, lang, AgencyServices(http))).Result;
    }
}
