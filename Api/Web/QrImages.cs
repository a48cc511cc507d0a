using Lapor.Api.ServicePoints;
using QRCoder;

namespace Lapor.Api.Web;

/// <summary>A service point's QR code (PNG or SVG) for the form address with the point preselected.</summary>
public static class QrImages
{
    public static IEndpointRouteBuilder MapQrImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/titik-layanan/{id}/qr.png", (string id, HttpContext http) => Image(id, http, png: true))
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/titik-layanan/{id}/qr.svg", (string id, HttpContext http) => Image(id, http, png: false))
            .WithMetadata(WebPage.Instance).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    public static string Target(HttpContext http, string pointId) =>
        $"{ServicePointApi.Site(http)}/lapor?titik={Uri.EscapeDataString(pointId)}";

    private static async Task<IResult> Image(string id, HttpContext http, bool png)
    {
        var point = await ServicePointApi.Find(http.RequestServices.GetRequiredService<IGrainFactory>(), id);
        if (point is null)
        {
            return TypedResults.Problem(title: ServicePointApi.NotFoundTitle, statusCode: StatusCodes.Status404NotFound);
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Target(http, point.Id), QRCodeGenerator.ECCLevel.M);
        return png
            ? TypedResults.File(new PngByteQRCode(data).GetGraphic(12), "image/png", $"qr-{point.Id}.png")
            : TypedResults.Text(new SvgQRCode(data).GetGraphic(12), "image/svg+xml");
    }
}
