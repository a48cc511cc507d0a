using Lapor.Api.Auth;
using Lapor.Api.Monev;

namespace Lapor.Api.Web.Staff;

/// <summary>The staff pages' endpoints that are not pages: the monev CSV for the cookie session.</summary>
public static class StaffEndpoints
{
    public const string ExportPath = "/dasbor/ekspor.csv";

    public static IEndpointRouteBuilder MapStaffWebEndpoints(this IEndpointRouteBuilder app)
    {
        // The API's export handler behind the API's own policy and agency scope check, with the staff cookie.
        app.MapGet(ExportPath, (string? instansi, string? period, string? from, string? to, string? scope, string? lang, HttpContext http) =>
                WebStaff.ExportAsync(http, string.IsNullOrEmpty(instansi) ? http.User.FindFirst(LaporClaims.Agency)?.Value ?? "" : instansi,
                    new MonevRange { Period = period, From = from, To = to }, scope, lang))
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().RequireAuthorization(Policies.StaffOrOverseer);
        return app;
    }
}
