using System.Collections.Concurrent;

namespace Lapor.Grains.Tests.Monev;

/// <summary>A cluster of its own for monev: national figures then hold only what these tests created.</summary>
public sealed class MonevClusterFixture : EngineClusterFixture
{
    /// <summary>Every complaint created on this cluster, so the national level can be recomputed too.</summary>
    public ConcurrentBag<string> Complaints { get; } = [];

    /// <summary>A generated year is ~100,000 storage writes: kept in memory (the storage itself is tested elsewhere).</summary>
    protected override bool InMemoryStorage => true;
}
