using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Agencies;

[GenerateSerializer, Alias("lapor.ServicePointsState")]
public sealed class ServicePointsState
{
    [Id(0)] public List<ServicePoint> Points { get; set; } = [];
    /// <summary>The last number given; never reused after a removal.</summary>
    [Id(1)] public int LastNumber { get; set; }
}

/// <summary>
/// An agency's service points in their own named state beside the agency's ("servicePoints"), so the agency grain's
/// state and its turns stay as they were. Bounded by <see cref="ServicePoint.MaxPerAgency"/>.
/// </summary>
public sealed class ServicePointsGrain(
    [PersistentState("servicePoints", GrainStorage.Name)] IPersistentState<ServicePointsState> state,
    TimeProvider time) : Grain, IServicePointsGrain
{
    private string AgencyId => this.GetPrimaryKeyString();

    public Task<ImmutableArray<ServicePoint>> List() => Task.FromResult(state.State.Points.OrderBy(p => p.Number).ToImmutableArray());

    public async Task<ServicePoint?> Add(string name, string address)
    {
        if (state.State.Points.Count >= ServicePoint.MaxPerAgency)
        {
            return null;
        }

        var number = state.State.LastNumber + 1;
        var point = new ServicePoint(ServicePoint.IdOf(AgencyId, number), AgencyId, number, name, address, time.GetUtcNow());
        state.State.LastNumber = number;
        state.State.Points.Add(point);
        await state.WriteStateAsync();
        return point;
    }

    public async Task<ServicePoint?> Update(int number, string name, string address)
    {
        var index = state.State.Points.FindIndex(p => p.Number == number);
        if (index < 0)
        {
            return null;
        }

        var point = state.State.Points[index] with { Name = name, Address = address, UpdatedAt = time.GetUtcNow() };
        state.State.Points[index] = point;
        await state.WriteStateAsync();
        return point;
    }

    public async Task<bool> Remove(int number)
    {
        if (state.State.Points.RemoveAll(p => p.Number == number) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }
}
