using System.Text.Json.Nodes;
using Lapor.Grains.Agencies;

namespace Lapor.Hosting.Notifications;

/// <summary>Agency names for message texts, from the per-process routing cache (ids are shown when a name is unknown).</summary>
public sealed class AgencyNames(RoutingCache routings)
{
    public async Task<Func<string, string?>> LookupAsync(string payload)
    {
        var json = JsonNode.Parse(payload)?.AsObject();
        var ids = new[] { json?["agencyId"]?.GetValue<string>(), json?["deadline"]?["holderAgencyId"]?.GetValue<string>() };
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids.OfType<string>().Distinct())
        {
            try
            {
                if (await routings.GetAsync(id) is { } routing)
                {
                    names[id] = routing.Name;
                }
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or InvalidOperationException)
            {
                // A name is a courtesy: the id still identifies the agency.
            }
        }

        return id => names.GetValueOrDefault(id);
    }
}
