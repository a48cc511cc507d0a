using Lapor.Api.Agencies;
using Lapor.Api.Attachments;
using Lapor.Api.Auth;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Monev;
using Lapor.Domain.Complaints;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Web;

/// <summary>
/// The pages' door to the engine: every call goes through the API's own handler (validation, redaction, metrics,
/// tracking-code screening), with the handler's services built for the page's request. No rule lives here.
/// </summary>
public sealed class WebComplaints(WebTrackingLimiter limiter, IGrainFactory grains, TrackingCodes codes, LegacyCodeGuard legacyCodes)
{
    public const string Mismatch = "Kode pelacakan atau kata rahasia tidak cocok.";
    public const string TooMany = "Terlalu banyak percobaan. Tunggu beberapa menit lalu coba lagi.";

    private static ComplaintServices Services(HttpContext http) => ActivatorUtilities.CreateInstance<ComplaintServices>(http.RequestServices, http);

    private static AgencyServices AgencyServices(HttpContext http) => ActivatorUtilities.CreateInstance<AgencyServices>(http.RequestServices, http);

    public static async Task<WebOutcome<SubmitResponse>> SubmitAsync(HttpContext http, SubmitRequest request, string idempotencyKey) =>
        WebOutcome<SubmitResponse>.From((await ReporterApi.Submit(request, idempotencyKey, Services(http), Attachments(http))).Result);

    /// <summary>The attachment binder the reporter handlers take (files of the report form are stored by <see cref="WebAttachments"/> first).</summary>
    public static AttachmentBinding Attachments(HttpContext http) => http.RequestServices.GetRequiredService<AttachmentBinding>();

    /// <summary>The reporter's view, when the code and secret match (limited like the reporter API).</summary>
    public async Task<WebOutcome<ComplaintView>> TrackAsync(HttpContext http, string code, string secret)
    {
        if (!limiter.TryAcquire(http, code))
        {
            return WebOutcome<ComplaintView>.Failed(TooMany, StatusCodes.Status429TooManyRequests);
        }

        var (valid, view) = await TrackingSecretHandler.CheckAsync(http, grains, codes, legacyCodes, code, secret, read: true);
        return valid && view is not null ? WebOutcome<ComplaintView>.Ok(view) : WebOutcome<ComplaintView>.Failed(Mismatch, StatusCodes.Status400BadRequest);
    }

    /// <summary>A reporter's action (reply, information, confirm, rate, reopen) through its API handler, after the secret.</summary>
    public async Task<WebOutcome<ComplaintView>> ReporterActionAsync(HttpContext http, string code, string secret,
        Func<ComplaintServices, Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!limiter.TryAcquire(http, code))
        {
            return WebOutcome<ComplaintView>.Failed(TooMany, StatusCodes.Status429TooManyRequests);
        }

        var (valid, _) = await TrackingSecretHandler.CheckAsync(http, grains, codes, legacyCodes, code, secret, read: false);
        if (!valid)
        {
            return WebOutcome<ComplaintView>.Failed(Mismatch, StatusCodes.Status400BadRequest);
        }

        return WebOutcome<ComplaintView>.From((await action(Services(http))).Result);
    }

    /// <summary>
    /// One of the reporter's files (the copy without location metadata) when the code and secret match; otherwise back
    /// to the track page, which says nothing about why (as for any mismatch).
    /// </summary>
    public async Task<IResult> ReporterFileAsync(HttpContext http, string? code, string? secret, string? id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var opened = string.IsNullOrWhiteSpace(code) || string.IsNullOrEmpty(secret) ? null : (await TrackAsync(http, code.Trim(), secret.Trim())).Value;
        // Only a code of a plausible length goes back into the address (a form field may be megabytes long).
        return opened is null
            ? Results.LocalRedirect(code?.Trim() is { Length: > 0 and <= 64 } typed ? "/lacak?kode=" + Uri.EscapeDataString(typed) : "/lacak")
            : (await AttachmentApi.ReporterFileAsync(http.RequestServices.GetRequiredService<IAttachmentStore>(), opened, id ?? "")).Result;
    }

    public static async Task<WebOutcome<PublicIndexPage>> PublicListAsync(HttpContext http, PublicListParameters parameters) =>
        WebOutcome<PublicIndexPage>.From((await PublicApi.List(parameters, http.RequestServices.GetRequiredService<IPublicIndex>(), http.RequestAborted)).Result);

    public static async Task<WebOutcome<ComplaintView>> PublicGetAsync(HttpContext http, string code) =>
        WebOutcome<ComplaintView>.From((await PublicApi.Get(code, Services(http))).Result);

    public static async Task<WebOutcome<PublicFigures>> PublicMonevAsync(HttpContext http, string agencyId, string? period, string? from, string? to) =>
        WebOutcome<PublicFigures>.From((await MonevApi.Public(agencyId, new MonevRange { Period = period, From = from, To = to }, AgencyServices(http))).Result);

    /// <summary>Every agency a complaint page names: assignments, units, deadline holders, the target and the timeline's actors.</summary>
    public static IEnumerable<string> AgenciesNamedIn(ComplaintView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Assignments.SelectMany(a => new[] { a.AgencyId, a.UnitId, a.Deadline?.HolderAgencyId })
            .Append(view.Deadline?.HolderAgencyId).Append(view.TargetAgencyId)
            .Concat(view.Timeline.Select(e => e.ActorAgencyId)).OfType<string>().Distinct(StringComparer.Ordinal);
    }

    /// <summary>The public ranking of the agencies right below <paramref name="agencyId"/> (<see cref="MonevApi.PublicChildren"/>).</summary>
    public static Task<System.Collections.Immutable.ImmutableArray<PublicFigures>> PublicRankingAsync(HttpContext http, string agencyId, string? from, string? to) =>
        MonevApi.PublicChildren(agencyId, from, to, AgencyServices(http));
}
