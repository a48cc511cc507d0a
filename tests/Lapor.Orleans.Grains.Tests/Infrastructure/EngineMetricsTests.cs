using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lapor.Grains.Infrastructure;

namespace Lapor.Grains.Tests.Infrastructure;

/// <summary>The silo measures its own deadline work (meter Lapor.Engine): warnings, breaches, escalations, lateness.</summary>
[Collection(EngineCollection.Name)]
public sealed class EngineMetricsTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private Task Tick(string id) =>
        Complaint(id).AsReference<IRemindable>().ReceiveReminder("deadline",
            new TickStatus(Now.UtcDateTime, TimeSpan.FromMinutes(1), Now.UtcDateTime));

    [Fact]
    public async Task A_warning_and_an_escalation_are_counted_and_their_lateness_measured_from_the_due_time()
    {
        var measured = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();

        var tree = await DefineTreeAsync(Short(verification: 10, escalated: 4));
        var start = Now;
        var id = await SubmitAsync(tree.Unit);

        // One second past the 50 % point of the 10-minute verification.
        Clock.SetUtcNow(start + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await Tick(id);
        Assert.Contains(measured, m => m is { Instrument: "lapor.deadlines.warnings", Value: 1 }
            && (string?)m.Tags["percent"] == "50" && (string?)m.Tags["step"] == "verification");
        Assert.Contains(measured, m => m is { Instrument: "lapor.deadlines.lateness", Value: 1.0 } && (string?)m.Tags["step"] == "verification");

        // Fifty minutes after the 10-minute deadline: one breach, one escalation. The alarm pending was the 75 % point
        // (7.5 minutes in), so the tick was 52.5 minutes late.
        Clock.SetUtcNow(start + TimeSpan.FromMinutes(60));
        await Tick(id);
        Assert.Contains(measured, m => m.Instrument == "lapor.deadlines.breaches" && (string?)m.Tags["step"] == "verification");
        Assert.Contains(measured, m => m.Instrument == "lapor.deadlines.escalations" && (string?)m.Tags["outcome"] == "escalated");
        Assert.Contains(measured, m => m is { Instrument: "lapor.deadlines.lateness", Value: 3150.0 });
        await SettleAsync(id);
    }
}
