namespace Lapor.Grains.Monev;

/// <summary>Rebuilds the monev figures of the agency named by the key from its complaints' journals.</summary>
[Alias("lapor.IMonevRebuildGrain")]
public interface IMonevRebuildGrain : IGrainWithStringKey
{
    [Alias("Run")]
    Task<MonevRebuildResult> Run();
}

[GenerateSerializer, Immutable, Alias("lapor.MonevRebuildResult")]
public sealed record MonevRebuildResult(
    [property: Id(0)] int Generation,
    [property: Id(1)] int Complaints,
    [property: Id(2)] int Facts,
    [property: Id(3)] bool Switched);
