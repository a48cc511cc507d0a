using System.Collections.Immutable;
using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Agencies;

/// <summary>The agency tree (public), and each agency's inbox, escalations and counters (its staff and overseers).</summary>
public static class AgencyApi
{
    public sealed record AgencyView(string Id, string Name, AgencyLevel Level, string? ParentId, AgencyZone Zone, ImmutableArray<string> Children);

    public static IEndpointRouteBuilder MapAgencyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agencies/{id}").WithTags("Instansi");
        group.MapGet("", Get).AllowAnonymous().WithSummary("Profil instansi dan unit di bawahnya");
        group.MapGet("/summary", Summary).RequireAuthorization(Policies.StaffOrOverseer).WithSummary("Profil lengkap, kebijakan SLA dan penghitung");
        group.MapGet("/inbox", Inbox).RequireAuthorization(Policies.StaffOrOverseer).WithSummary("Kotak masuk: laporan aktif, disaring dan diurutkan")
            .WithDescription("Halaman berbasis kursor (keyset): kirim nextCursor sebagai cursor untuk halaman berikutnya. take 1–200 (bawaan 50). "
                + "Urutan due (paling mendesak dulu), oldest atau newest. total menghitung seluruh laporan aktif di kotak masuk, tanpa saringan.");
        group.MapGet("/escalations", Escalations).RequireAuthorization(Policies.StaffOrOverseer).WithSummary("Eskalasi yang diterima");
        return app;
    }

    private static async Task<Results<Ok<AgencyView>, ProblemHttpResult>> Get(string id, IGrainFactory grains)
    {
        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound("Instansi tidak ditemukan.");
        }

        var summary = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetSummary());
        return summary is null
            ? Problems.NotFound("Instansi tidak ditemukan.")
            : TypedResults.Ok(new AgencyView(summary.Profile.Id, summary.Profile.Name, summary.Profile.Level, summary.Profile.ParentId,
                summary.Profile.Zone, summary.Children));
    }

    /// <summary>Resolves the agency and checks the caller may see its internals (own agency, below it, or national).</summary>
    internal static async Task<(AgencyRouting? Routing, ProblemHttpResult? Denied)> AuthorizeAsync(string id, HttpContext http, IGrainFactory grains,
        IAuthorizationService authorization, string deniedTitle = "Anda hanya dapat melihat instansi Anda dan unit di bawahnya.")
    {
        if (!Validation.IsSlug(id))
        {
            return (null, Problems.NotFound("Instansi tidak ditemukan."));
        }

        var routing = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetRouting());
        if (routing is null)
        {
            return (null, Problems.NotFound("Instansi tidak ditemukan."));
        }

        return (await authorization.AuthorizeAsync(http.User, routing, Policies.AgencyAccess)).Succeeded
            ? (routing, null)
            : (null, Problems.Forbidden(deniedTitle));
    }

    private static async Task<Results<Ok<AgencySummary>, ProblemHttpResult>> Summary(string id, HttpContext http, IGrainFactory grains, IAuthorizationService authorization)
    {
        if ((await AuthorizeAsync(id, http, grains, authorization)).Denied is { } denied)
        {
            return denied;
        }

        var summary = await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetSummary());
        return summary is null ? Problems.NotFound("Instansi tidak ditemukan.") : TypedResults.Ok(summary);
    }

    private static async Task<Results<Ok<InboxPage>, ProblemHttpResult>> Inbox(
        string id, [AsParameters] InboxParameters parameters, HttpContext http, IGrainFactory grains, IAuthorizationService authorization,
        IInboxIndex index, TimeProvider time)
    {
        var (query, error) = parameters.ToQuery();
        if (error is { } e)
        {
            return Problems.Invalid(e.Field, e.Message);
        }

        if ((await AuthorizeAsync(id, http, grains, authorization)).Denied is { } denied)
        {
            return denied;
        }

        // Straight from the index: no agency or complaint grain is activated to show a page.
        return TypedResults.Ok(await Transient.RetryAsync(() => index.PageAsync(id, query!, time.GetUtcNow(), http.RequestAborted)));
    }

    private static async Task<Results<Ok<ImmutableArray<EscalationRecord>>, ProblemHttpResult>> Escalations(
        string id, int? take, HttpContext http, IGrainFactory grains, IAuthorizationService authorization)
    {
        if (take is < 1 or > 500)
        {
            return Problems.Invalid("take", "Harus 1 sampai 500.");
        }

        if ((await AuthorizeAsync(id, http, grains, authorization)).Denied is { } denied)
        {
            return denied;
        }

        return TypedResults.Ok(await Transient.RetryAsync(() => grains.GetGrain<IAgencyGrain>(id).GetEscalations(take ?? 100)));
    }
}
