using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;

namespace Lapor.Api.Web.Staff;

/// <summary>
/// Asks the API's own endpoint whether the signed-in user may call it: reads the authorization metadata of the mapped
/// API route (its policies and roles) and evaluates it for the page's principal, so a page offers a form exactly when the
/// API would accept the call. No policy name is repeated in the pages.
/// </summary>
public sealed class ApiPolicy(EndpointDataSource endpoints, IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
{
    private readonly ConcurrentDictionary<(string, string), AuthorizationPolicy?> _cache = new();

    public async Task<bool> AllowsAsync(HttpContext http, string method, string pattern)
    {
        ArgumentNullException.ThrowIfNull(http);
        var key = (method, pattern);
        if (!_cache.TryGetValue(key, out var policy))
        {
            var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e =>
                string.Equals(e.RoutePattern.RawText, pattern, StringComparison.Ordinal)
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true)
                ?? throw new InvalidOperationException($"No API endpoint {method} {pattern}.");
            policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
            _cache[key] = policy;
        }

        return policy is null || (await authorization.AuthorizeAsync(http.User, policy)).Succeeded;
    }
}
