using Lapor.Domain.Agencies;

namespace Lapor.Api.ServicePoints;

/// <summary>A service point with the address its QR code leads to (the report form, agency chosen, channel QR).</summary>
public sealed record ServicePointView(string Id, string AgencyId, int Number, string Name, string Address, DateTimeOffset UpdatedAt,
    string FormUrl, string QrPngUrl, string QrSvgUrl, string PosterUrl)
{
    public static ServicePointView Of(ServicePoint p, string site)
    {
        ArgumentNullException.ThrowIfNull(p);
        var id = Uri.EscapeDataString(p.Id);
        return new(p.Id, p.AgencyId, p.Number, p.Name, p.Address, p.UpdatedAt, $"{site}/lapor?titik={id}",
            $"{site}/titik-layanan/{id}/qr.png", $"{site}/titik-layanan/{id}/qr.svg", $"{site}/titik-layanan/{id}/poster");
    }
}
