using System.Diagnostics.Metrics;

namespace Lapor.Grains.Tests;

/// <summary>
/// The running total of one counter of the engine's meter, as the silos in this process report it while this listens:
/// tests wait on it for something that leaves no other trace they can read (a delivery left for its retry).
/// </summary>
public sealed class InstrumentTotal : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public InstrumentTotal(string meterName, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
