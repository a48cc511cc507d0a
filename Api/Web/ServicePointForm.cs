namespace Lapor.Api.Web;

/// <summary>The service-point form of the admin page; checked by the API's handler.</summary>
public sealed class ServicePointForm
{
    public string? AgencyId { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
    public int? Number { get; set; }
}
