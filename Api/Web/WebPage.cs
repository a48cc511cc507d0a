namespace Lapor.Api.Web;

/// <summary>
/// Marks an endpoint of the web front end (a page, a form post, a QR image): it authenticates with the staff cookie
/// instead of a bearer token, gets the pages' content security policy, and stays out of the OpenAPI document.
/// </summary>
public sealed class WebPage
{
    public static readonly WebPage Instance = new();

    private WebPage()
    {
    }

    public static bool Is(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<WebPage>() is not null;
}
