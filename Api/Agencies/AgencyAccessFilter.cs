using System.Security.Claims;
using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Grains;
using Lapor.Grains.Agencies;

namespace Lapor.Api.Agencies;

/// <summary>
/// The one check of agency scope: resolves the agency in the route (or a fixed one), answers 404 when it does not
/// exist and 403 unless the caller is Admin Nasional, an overseer, or staff of that agency or one above it. The
/// handler then finds the resolved routing in <see cref="AgencyAccess"/>.
/// </summary>
public sealed class AgencyAccessFilter(string deniedTitle, string? agencyId = null) : IEndpointFilter
{
    public const string NotFoundTitle = "Instansi tidak ditemukan.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        return await AuthorizeAsync(http, agencyId ?? http.Request.RouteValues["id"] as string, deniedTitle) is { } refused
            ? refused
            : await next(context);
    }

    /// <summary>
    /// The check itself, for the filter and for the pages: null when the caller may see the agency (its routing is then
    /// in <see cref="AgencyAccess"/>), otherwise the 404 or 403 to answer.
    /// </summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> AuthorizeAsync(HttpContext http, string? id, string deniedTitle)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound(NotFoundTitle);
        }

        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var routing = await Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(id).GetRouting());
        if (routing is null)
        {
            return Problems.NotFound(NotFoundTitle);
        }

        if (!Allows(http.User, routing))
        {
            return Problems.Forbidden(deniedTitle);
        }

        http.Features.Set(new AgencyAccess(routing));
        return null;
    }

    /// <summary>Staff see their own agency and everything below it; Admin Nasional and overseers see every agency.</summary>
    public static bool Allows(ClaimsPrincipal user, AgencyRouting routing)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(routing);
        return user.IsBroadReader()
            || (user.FindFirstValue(LaporClaims.Agency) is { } agency && routing.Path.Any(n => n.AgencyId == agency));
    }
}

/// <summary>The agency an <see cref="AgencyAccessFilter"/> resolved and let the caller see.</summary>
public sealed record AgencyAccess(AgencyRouting Routing);

public static class AgencyAccessExtensions
{
    /// <summary>Checks agency scope for every endpoint of the builder, for the route's <c>{id}</c> or a fixed agency.</summary>
    public static TBuilder RequireAgencyAccess<TBuilder>(this TBuilder builder, string deniedTitle, string? agencyId = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new AgencyAccessFilter(deniedTitle, agencyId));

    /// <summary>The agency the filter resolved for this request.</summary>
    public static AgencyRouting AuthorizedAgency(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (http.Features.Get<AgencyAccess>() ?? throw new InvalidOperationException("Endpoint without RequireAgencyAccess.")).Routing;
    }
}
