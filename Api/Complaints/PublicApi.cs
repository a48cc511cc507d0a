using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Complaints;

/// <summary>What anyone may read: published complaints (never rahasia, never who reported).</summary>
public static class PublicApi
{
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/public").WithTags("Publik").AllowAnonymous().AllowsPublicCaching();
        group.MapGet("/complaints", List).WithSummary("Laporan terbaru yang dipublikasikan");
        group.MapGet("/complaints/{code}", Get).WithSummary("Baca laporan yang dipublikasikan");
        return app;
    }

    public static async Task<Results<Ok<PublicPage>, ValidationProblem>> List(int? skip, int? take, string? agencyId, [AsParameters] ComplaintServices services)
    {
        var errors = new Validation.Errors();
        if (skip is < 0 or > 100_000)
        {
            errors.Add("skip", "Harus 0 sampai 100000.");
        }

        if (take is < 1 or > 100)
        {
            errors.Add("take", "Harus 1 sampai 100.");
        }

        errors.Slug("agencyId", agencyId, required: false);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var page = await Transient.RetryAsync(() => services.Grains.GetGrain<IPublicFeedGrain>(IPublicFeedGrain.Key).List(skip ?? 0, take ?? 20, agencyId));
        return TypedResults.Ok(page);
    }

    public static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> Get(string code, [AsParameters] ComplaintServices services)
    {
        if (services.Screen(code) is { } refused)
        {
            return refused;
        }

        var view = await Transient.RetryAsync(() => services.Grains.GetGrain<IComplaintGrain>(code).View(Viewer.Public));
        if (view is null)
        {
            services.Missed(code);
            return Problems.NotFound();
        }

        return TypedResults.Ok(view);
    }
}
