using System.Collections.Immutable;
using Lapor.Api.Agencies;
using Lapor.Api.Auth;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Grains;
using Lapor.Grains.Agencies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.ServicePoints;

/// <summary>
/// Service points with QR codes (issue 10): Admin Nasional or an admin of the agency (or one above it) defines them;
/// anyone reads them, since a poster hangs in public. The pages call these same handlers.
/// </summary>
public static class ServicePointApi
{
    public const string DeniedTitle = "Anda hanya dapat mengatur titik layanan instansi Anda dan unit di bawahnya.";
    public const string NotFoundTitle = "Titik layanan tidak ditemukan.";

    public static IEndpointRouteBuilder MapServicePointApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/agencies/{id}/service-points").WithTags("Titik layanan").RequireAuthorization(Policies.Admin);
        admin.MapPost("", Create).WithSummary("Tambah titik layanan (kode QR menuju formulir laporan instansi ini)");
        admin.MapPut("/{number:int}", Update).WithSummary("Ubah nama atau alamat titik layanan");
        admin.MapDelete("/{number:int}", Delete).WithSummary("Hapus titik layanan (nomornya tidak dipakai lagi)");

        var pub = app.MapGroup("/api/public").WithTags("Publik").AllowAnonymous().AllowsPublicCaching();
        pub.MapGet("/agencies/{id}/service-points", List).WithSummary("Titik layanan instansi");
        pub.MapGet("/service-points/{id}", Get).WithSummary("Satu titik layanan dan alamat kode QR-nya");
        return app;
    }

    /// <summary>The site's own address for QR targets: <c>Lapor:Web:PublicUrl</c> behind a proxy, else this request's.</summary>
    public static string Site(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()["Lapor:Web:PublicUrl"];
        return configured is { Length: > 0 } ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";
    }

    public static async Task<Results<Created<ServicePointView>, ValidationProblem, ProblemHttpResult>> Create(
        string id, ServicePointRequest request, [AsParameters] AgencyServices services)
    {
        if (await AdminScope(id, services) is { } refused)
        {
            return refused;
        }

        var (name, address, errors) = Check(request);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var point = await services.Grains.Reference<IServicePointsGrain>(id).Add(name, address);
        if (point is null)
        {
            return Problems.Invalid("name", $"Satu instansi paling banyak {ServicePoint.MaxPerAgency} titik layanan.");
        }

        var view = ServicePointView.Of(point, Site(services.Http));
        return TypedResults.Created($"/api/public/service-points/{Uri.EscapeDataString(point.Id)}", view);
    }

    public static async Task<Results<Ok<ServicePointView>, ValidationProblem, ProblemHttpResult>> Update(
        string id, int number, ServicePointRequest request, [AsParameters] AgencyServices services)
    {
        if (await AdminScope(id, services) is { } refused)
        {
            return refused;
        }

        var (name, address, errors) = Check(request);
        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var point = await services.Grains.Reference<IServicePointsGrain>(id).Update(number, name, address);
        return point is null ? Problems.NotFound(NotFoundTitle) : TypedResults.Ok(ServicePointView.Of(point, Site(services.Http)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, int number, [AsParameters] AgencyServices services)
    {
        if (await AdminScope(id, services) is { } refused)
        {
            return refused;
        }

        return await services.Grains.Reference<IServicePointsGrain>(id).Remove(number) ? TypedResults.NoContent() : Problems.NotFound(NotFoundTitle);
    }

    public static async Task<Results<Ok<ImmutableArray<ServicePointView>>, ProblemHttpResult>> List(string id, [AsParameters] AgencyServices services)
    {
        if (!Validation.IsSlug(id) || await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(id).GetRouting()) is null)
        {
            return Problems.NotFound(AgencyAccessFilter.NotFoundTitle);
        }

        var points = await Transient.RetryAsync(() => services.Grains.Reference<IServicePointsGrain>(id).List());
        var site = Site(services.Http);
        return TypedResults.Ok(points.Select(p => ServicePointView.Of(p, site)).ToImmutableArray());
    }

    public static async Task<Results<Ok<ServicePointView>, ProblemHttpResult>> Get(string id, [AsParameters] AgencyServices services)
    {
        var point = await Find(services.Grains, id);
        return point is null ? Problems.NotFound(NotFoundTitle) : TypedResults.Ok(ServicePointView.Of(point, Site(services.Http)));
    }

    /// <summary>The point named by "{agencyId}.{number}", or null (malformed ids never reach a grain).</summary>
    public static async Task<ServicePoint?> Find(IGrainFactory grains, string? id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (ServicePoint.Parse(id) is not { } key || !Validation.IsSlug(key.AgencyId))
        {
            return null;
        }

        var points = await Transient.RetryAsync(() => grains.Reference<IServicePointsGrain>(key.AgencyId).List());
        return points.FirstOrDefault(p => p.Number == key.Number);
    }

    /// <summary>Admin Nasional, or an admin of this agency or one above it (the API's agency scope rule).</summary>
    private static async Task<ProblemHttpResult?> AdminScope(string id, AgencyServices services)
    {
        var user = services.Http.User;
        if (!user.IsInRole(Roles.NationalAdmin) && !user.IsInRole(Roles.AgencyAdmin))
        {
            return Problems.Forbidden(DeniedTitle);
        }

        if (!Validation.IsSlug(id))
        {
            return Problems.NotFound(AgencyAccessFilter.NotFoundTitle);
        }

        var routing = await Transient.RetryAsync(() => services.Grains.Reference<IAgencyGrain>(id).GetRouting());
        return routing is null ? Problems.NotFound(AgencyAccessFilter.NotFoundTitle)
            : AgencyAccessFilter.Allows(user, routing) && !user.IsInRole(Roles.Overseer) ? null
            : Problems.Forbidden(DeniedTitle);
    }

    private static (string Name, string Address, Validation.Errors Errors) Check(ServicePointRequest? request)
    {
        var errors = new Validation.Errors();
        if (request is null)
        {
            errors.Add("body", "Isi permintaan wajib berupa objek JSON.");
            return ("", "", errors);
        }

        var name = errors.Text("name", request.Name, 3, 100);
        var address = errors.Text("address", request.Address, 5, Validation.MaxShort);
        return (name, address, errors);
    }
}
