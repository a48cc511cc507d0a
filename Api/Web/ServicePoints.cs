using Lapor.Api.ServicePoints;
using Lapor.Domain.Agencies;

namespace Lapor.Api.Web;

/// <summary>Service points for the pages, found by the API's own look-up.</summary>
public sealed class ServicePoints(IGrainFactory grains)
{
    public Task<ServicePoint?> FindAsync(string? id) => ServicePointApi.Find(grains, id);
}
