using Microsoft.AspNetCore.Diagnostics;

namespace Lapor.Api.Web;

/// <summary>A page's own status (400 for bad input, 404, 429): the page is the answer, so no status-code page replaces it.</summary>
public static class WebStatus
{
    public static void Set(HttpContext? http, int status)
    {
        if (http is null)
        {
            return;
        }

        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        http.Response.StatusCode = status;
    }
}
