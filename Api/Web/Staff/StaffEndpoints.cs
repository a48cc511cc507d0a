using Lapor.Api.Auth;
using Lapor.Api.Monev;

namespace Lapor.Api.Web.Staff;

/// <summary>The staff pages' endpoints that are not pages: the monev CSV and attachment downloads for the cookie session.</summary>
public static class StaffEndpoints
{
    public const string ExportPath = "/dasbor/ekspor.csv";

    public static string AttachmentPath(string code, string id) =>
        $"/konsol/laporan/{Uri.EscapeDataString(code)}/lampiran/{Uri.EscapeDataString(id)}";

    public static IEndpointRouteBuilder MapStaffWebEndpoints(this IEndpointRouteBuilder app)
    {
        // The API's export handler behind the API's own policy and agency scope check, with the staff cookie.
        app.MapGet(ExportPath, (string? instansi, string? period, string? from, string? to, string? scope, string? lang, HttpContext http) =>
                WebStaff.ExportAsync(http, string.IsNullOrEmpty(instansi) ? http.User.FindFirst(LaporClaims.Agency)?.Value ?? "" : instansi,
                    new MonevRange { Period = period, From = from, To = to }, scope, lang))
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().RequireAuthorization(Policies.StaffOrOverseer);

        // The original file (staff see what the citizen sent) behind the API's staff download and its checks.
        app.MapGet("/konsol/laporan/{code}/lampiran/{id}", (string code, string id, HttpContext http) => WebStaff.AttachmentAsync(http, code, id))
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().RequireAuthorization(Policies.StaffOrOverseer);
        return app;
    }
}
