using System.Collections.Concurrent;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Lapor.Grains.Tests;

/// <summary>
/// Faults in the silo's real grain storage, switched on by a test: the next write of a chosen grain fails without
/// storing anything, as when the database is out of reach.
/// </summary>
public sealed class GrainStorageFaults
{
    private readonly ConcurrentDictionary<GrainId, bool> _refuse = new();

    public void RefuseNextWrite(GrainId grain) => _refuse[grain] = true;

    /// <summary>Wraps the grain storage the silo registered under the engine's provider name (the last one wins).</summary>
    public void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, GrainStorage.Name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException("The grain storage was registered without a factory to wrap.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name, (sp, key) => new Storage((IGrainStorage)create(sp, key), this));
    }

    private sealed class Storage(IGrainStorage inner, GrainStorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            faults._refuse.TryRemove(grainId, out _)
                ? throw new TimeoutException("The grain storage could not be reached (fault injected by the test).")
                : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
    }
}
