namespace Lapor.Grains;

/// <summary>
/// String-keyed grain references without Orleans' per-call type lookup. <c>GetGrain&lt;T&gt;(string)</c> resolves
/// the interface's grain type from its attributes on every call (reflection, measured at ~7 % of a reporter's status
/// read); the answer never changes within a process, so it is resolved once per interface and reused.
/// </summary>
public static class GrainReferences
{
    /// <summary>The reference to grain <typeparamref name="TGrain"/> with this key; the same as <c>GetGrain</c>.</summary>
    public static TGrain Reference<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (Resolved<TGrain>.Types is { } types)
        {
            return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var first = grains.GetGrain<TGrain>(key);
        var reference = (GrainReference)(object)first;
        Resolved<TGrain>.Types = new(reference.GrainId.Type, reference.InterfaceType);
        return first;
    }

    // A class, so readers on other threads see both types or none. Grain and interface types come from the types'
    // attributes alone, so every cluster in the process agrees on them.
    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<TGrain>
    {
        public static Types? Types;
    }
}
