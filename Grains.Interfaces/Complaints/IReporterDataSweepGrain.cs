namespace Lapor.Grains.Complaints;

/// <summary>
/// Wakes the final reports whose reporter data is due for erasure (docs/domain.md §5.1), read in date order from the
/// erasure index, on one reminder for the whole cluster. Key 0.
/// </summary>
[Alias("lapor.IReporterDataSweepGrain")]
public interface IReporterDataSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Arms the sweep's reminder (every silo asks at start; a repeat changes nothing).</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>Asks each report due now to erase; returns how many answered.</summary>
    [Alias("Sweep")]
    Task<int> Sweep();
}
