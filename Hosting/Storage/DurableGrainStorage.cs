using Orleans.Storage;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage on the embedded database, whose writes return only once they are on disk: the
/// provider commits (without waiting for the disk, see <see cref="SqliteTuning"/>), then the write awaits the log sync it
/// shares with every other writer of the moment (<see cref="SqliteWalSync"/>). Reads go straight through.
/// </summary>
internal sealed class DurableGrainStorage(IGrainStorage inner, SqliteWalSync durability) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        await durability.SyncAsync();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ClearStateAsync(stateName, grainId, grainState);
        await durability.SyncAsync();
    }

    /// <summary>The provider initializes itself in the silo's lifecycle (Orleans registers the keyed storage as the participant).</summary>
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
