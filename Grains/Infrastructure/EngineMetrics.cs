using System.Diagnostics.Metrics;
using Lapor.Domain.Complaints;

namespace Lapor.Grains.Infrastructure;

/// <summary>
/// What the engine does on its own, measured where it happens (the silo): deadline warnings, breaches, escalations,
/// national interventions, how late each due deadline was handled, and complaint deliveries left for a retry. Tags are
/// low-cardinality (step, percent, outcome, fault), never a complaint or a reporter.
/// </summary>
public sealed class EngineMetrics
{
    public const string MeterName = "Lapor.Engine";

    private readonly Counter<long> _warnings;
    private readonly Counter<long> _breaches;
    private readonly Counter<long> _escalations;
    private readonly Histogram<double> _lateness;
    private readonly Counter<long> _deliveriesDeferred;

    public EngineMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _warnings = meter.CreateCounter<long>("lapor.deadlines.warnings", "{warning}",
            "Deadline warnings raised at 50 % and 75 % of the allowed time.");
        _breaches = meter.CreateCounter<long>("lapor.deadlines.breaches", "{breach}",
            "Deadlines that passed: each one escalates or asks for national intervention.");
        _escalations = meter.CreateCounter<long>("lapor.deadlines.escalations", "{escalation}",
            "Complaints escalated up the tree (outcome=escalated) or marked for national intervention.");
        _lateness = meter.CreateHistogram<double>("lapor.deadlines.lateness", "s",
            "How long after it fell due a deadline alarm (warning point or due time) was handled: reminder period, failover, load.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 300, 3600] });
        _deliveriesDeferred = meter.CreateCounter<long>("lapor.complaints.deliveries.deferred", "{delivery}",
            "Complaint deliveries (inbox notices, public feed, notification rows) that failed and wait for a retry: a steady rise means an agency or the database is failing.");
    }

    /// <summary>A complaint's delivery failed with <paramref name="fault"/> (an exception's type name) and was retried later.</summary>
    public void DeliveryDeferred(string fault) => _deliveriesDeferred.Add(1, new KeyValuePair<string, object?>("fault", fault));

    /// <summary>Records what one reminder tick did: <paramref name="entries"/> are the timeline entries it added.</summary>
    public void Ticked(DeadlineStep? step, TimeSpan? lateness, IEnumerable<TimelineEntry> entries)
    {
        var stepTag = new KeyValuePair<string, object?>("step", step?.ToString().ToLowerInvariant() ?? "none");
        if (lateness is { } late)
        {
            _lateness.Record(Math.Max(0, late.TotalSeconds), stepTag);
        }

        foreach (var entry in entries)
        {
            switch (entry.Action)
            {
                case "warning-50" or "warning-75":
                    _warnings.Add(1, stepTag, new("percent", entry.Action[^2..]));
                    break;
                case "escalated" or "national-intervention":
                    _breaches.Add(1, stepTag);
                    _escalations.Add(1, stepTag, new("outcome", entry.Action));
                    break;
            }
        }
    }
}
