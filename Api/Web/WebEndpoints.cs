using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Web;

/// <summary>The front end's few endpoints that are not pages: sign-out and the reporter's file downloads.</summary>
public static class WebEndpoints
{
    public const string ReporterFilePath = "/lacak/lampiran";

    public static IEndpointRouteBuilder MapWebEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the anti-forgery token ([FromForm] makes the antiforgery middleware check it).
        app.MapPost("/keluar", async ([FromForm] string? kembali, HttpContext http) =>
            {
                await http.SignOutAsync(WebSetup.CookieScheme);
                return Results.LocalRedirect("/");
            })
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().AllowAnonymous();

        // A form post (code and secret in the body, never in an address), answered with the file.
        app.MapPost(ReporterFilePath, ([FromForm(Name = "Track.Code")] string? code, [FromForm(Name = "Track.Secret")] string? secret,
                [FromForm(Name = "id")] string? id, HttpContext http, WebComplaints complaints) => complaints.ReporterFileAsync(http, code, secret, id))
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
