using System.Collections.Immutable;
using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Agencies;

/// <summary>The agency tree (public), and each agency's inbox, escalations and counters (its staff and overseers).</summary>
public static class AgencyApi
{
    public const string DeniedTitle = "Anda hanya dapat melihat instansi Anda dan unit di bawahnya.";

    public static IEndpointRouteBuilder MapAgencyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/agencies", List).WithTags("Instansi").AllowAnonymous().AllowsPublicCaching()
            .WithSummary("Direktori instansi: cari menurut nama, atau daftar unit di bawah satu instansi")
            .WithDescription("Urut nama. Setiap kata dalam q (paling banyak 5) harus ada di nama instansi atau nama induknya, tanpa membedakan huruf besar-kecil; parentId membatasi ke instansi "
                + "tepat di bawahnya. Halaman berbasis kursor (keyset): kirim nextCursor sebagai cursor. take 1–100 (bawaan 20).");

        var group = app.MapGroup("/api/agencies/{id}").WithTags("Instansi");
        group.MapGet("", Get).AllowAnonymous().AllowsPublicCaching().WithSummary("Profil instansi dan unit di bawahnya");

        var staff = group.MapGroup("").RequireAuthorization(Policies.StaffOrOverseer).RequireAgencyAccess(DeniedTitle);
        staff.MapGet("/summary", Summary).WithSummary("Profil lengkap, kebijakan SLA dan penghitung");
        staff.MapGet("/inbox", Inbox).WithSummary("Kotak masuk: laporan aktif, disaring dan diurutkan")
            .WithDescription("Halaman berbasis kursor (keyset): kirim nextCursor sebagai cursor untuk halaman berikutnya. take 1–200 (bawaan 50). "
                + "Urutan due (paling mendesak dulu), oldest atau newest. total menghitung seluruh laporan aktif di kotak masuk, tanpa saringan.");
        staff.MapGet("/escalations", Escalations).WithSummary("Eskalasi yang diterima");
        return app;
    }

    public static async Task<Results<Ok<AgencyView>, ProblemHttpResult>> Get(string id, [AsParameters] AgencyServices services)
    {
        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound(AgencyAccessFilter.NotFoundTitle);
        }

        var place = await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(id).GetPlace());
        return place is null
            ? Problems.NotFound(AgencyAccessFilter.NotFoundTitle)
            : TypedResults.Ok(new AgencyView(place.Profile.Id, place.Profile.Name, place.Profile.Level, place.Profile.ParentId,
                place.Profile.Zone, place.Children));
    }

    public static async Task<Results<Ok<AgencyIndexPage>, ValidationProblem>> List([AsParameters] AgencyListParameters parameters,
        IAgencyIndex directory, CancellationToken cancellationToken)
    {
        var (query, errors) = parameters.ToQuery();
        if (query is null)
        {
            return Problems.Invalid(errors.List);
        }

        // Straight from the directory: no agency grain is activated to list or search.
        return TypedResults.Ok(await Transient.RetryAsync(() => directory.SearchAsync(query, cancellationToken)));
    }

    public static async Task<Results<Ok<AgencySummary>, ProblemHttpResult>> Summary(string id, [AsParameters] AgencyServices services)
    {
        var summary = await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(id).GetSummary());
        return summary is null ? Problems.NotFound(AgencyAccessFilter.NotFoundTitle) : TypedResults.Ok(summary);
    }

    public static async Task<Results<Ok<InboxPage>, ValidationProblem>> Inbox(
        string id, [AsParameters] InboxParameters parameters, [AsParameters] AgencyServices services)
    {
        var (query, error) = parameters.ToQuery();
        if (error is { } e)
        {
            return Problems.Invalid(e.Field, e.Message);
        }

        // Straight from the index: no agency or complaint grain is activated to show a page.
        return TypedResults.Ok(await Transient.RetryAsync(() =>
            services.Inbox.PageAsync(id, query!, services.Time.GetUtcNow(), services.Http.RequestAborted)));
    }

    public static async Task<Results<Ok<ImmutableArray<EscalationRecord>>, ValidationProblem>> Escalations(
        string id, int? take, [AsParameters] AgencyServices services)
    {
        if (take is < 1 or > 500)
        {
            return Problems.Invalid("take", "Harus 1 sampai 500.");
        }

        return TypedResults.Ok(await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(id).GetEscalations(take ?? 100)));
    }
}
