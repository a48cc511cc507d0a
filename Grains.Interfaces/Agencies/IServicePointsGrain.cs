using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Grains.Agencies;

/// <summary>One agency's service points (keyed by the agency id): a small bounded list, nothing per complaint.</summary>
[Alias("lapor.IServicePointsGrain")]
public interface IServicePointsGrain : IGrainWithStringKey
{
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<ServicePoint>> List();

    /// <summary>Adds a point with the next number; null when the agency already has <see cref="ServicePoint.MaxPerAgency"/>.</summary>
    [Alias("Add")]
    Task<ServicePoint?> Add(string name, string address);

    /// <summary>Renames or moves a point; null when there is no such point.</summary>
    [Alias("Update")]
    Task<ServicePoint?> Update(int number, string name, string address);

    /// <summary>False when there was no such point. Numbers are never reused, so an old poster never leads elsewhere.</summary>
    [Alias("Remove")]
    Task<bool> Remove(int number);
}
