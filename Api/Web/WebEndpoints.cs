using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Web;

/// <summary>The front end's few endpoints that are not pages: sign-out.</summary>
public static class WebEndpoints
{
    public static IEndpointRouteBuilder MapWebEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the anti-forgery token ([FromForm] makes the antiforgery middleware check it).
        app.MapPost("/keluar", async ([FromForm] string? kembali, HttpContext http) =>
            {
                await http.SignOutAsync(WebSetup.CookieScheme);
                return Results.LocalRedirect("/");
            })
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
