using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains;
using Lapor.Grains.Complaints;
using Lapor.Grains.Indexes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Complaints;

/// <summary>What anyone may read: published complaints (never rahasia, never who reported).</summary>
public static class PublicApi
{
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/public").WithTags("Publik").AllowAnonymous().AllowsPublicCaching();
        group.MapGet("/complaints", List).WithSummary("Laporan yang dipublikasikan: cari dan saring, terbaru lebih dulu");
        group.MapGet("/complaints/{code}", Get).WithSummary("Baca laporan yang dipublikasikan");
        return app;
    }

    public static async Task<Results<Ok<PublicIndexPage>, ValidationProblem>> List([AsParameters] PublicListParameters parameters,
        IPublicIndex index, CancellationToken cancellationToken)
    {
        var (query, errors) = parameters.ToQuery();
        if (query is null)
        {
            return Problems.Invalid(errors.List);
        }

        return TypedResults.Ok(await Transient.RetryAsync(() => index.PageAsync(query, cancellationToken)));
    }

    public static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> Get(string code, [AsParameters] ComplaintServices services)
    {
        if (services.Screen(code) is { } refused)
        {
            return refused;
        }

        var view = await Transient.RetryAsync(() => services.Grains.Reference<IComplaintGrain>(code).View(Viewer.Public));
        if (view is null)
        {
            services.Missed(code);
            return Problems.NotFound();
        }

        return TypedResults.Ok(view);
    }
}
