using System.Diagnostics.Metrics;
using Lapor.Domain.Agencies;
using Lapor.Grains;
using Lapor.Grains.Agencies;

namespace Lapor.Api.Http;

/// <summary>
/// The project's own OpenTelemetry metrics from the front door (meter <c>Lapor.Api</c>): what comes in (submissions,
/// staff actions such as routings, refusals by the abuse limits and the tracking-code check, failed sign-ins) and, by
/// sampling the agency tree, what piles up (active complaints per inbox, breaches and escalations per agency).
/// docs/operations.md, "What to watch", says which to alert on.
/// </summary>
public sealed class LaporMetrics
{
    public const string MeterName = "Lapor.Api";

    private readonly Counter<long> _submissions;
    private readonly Counter<long> _actions;
    private readonly Counter<long> _codeRefusals;
    private readonly Counter<long> _signInFailures;
    private volatile IReadOnlyList<AgencySample> _agencies = [];

    private readonly TimeProvider _time;

    public LaporMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        var meter = meters.Create(MeterName);
        _submissions = meter.CreateCounter<long>("lapor.complaints.submitted", "{complaint}",
            "Submissions answered, by kind, channel and outcome (created, replayed, refused).");
        _actions = meter.CreateCounter<long>("lapor.complaints.actions", "{action}",
            "Staff and reporter actions on complaints (route, route-to-unit, follow-up, ...), by outcome (ok or the HTTP status).");
        _codeRefusals = meter.CreateCounter<long>("lapor.tracking_codes.refused", "{request}",
            "Tracking codes refused before any grain was touched: invalid (malformed or wrong check value) or legacy-throttled.");
        _signInFailures = meter.CreateCounter<long>("lapor.sign_in.failures", "{attempt}", "Failed or held-back sign-ins.");
        meter.CreateObservableGauge("lapor.agency.inbox.active", () => _agencies.Select(a => Measure(a.Active, a.AgencyId)), "{complaint}",
            "Active complaints in each agency's inbox (sampled).");
        meter.CreateObservableCounter("lapor.agency.breaches", () => _agencies.Select(a => Measure(a.Breached, a.AgencyId)), "{breach}",
            "Deadlines each agency missed, cumulative (sampled).");
        meter.CreateObservableCounter("lapor.agency.escalations", () => _agencies.Select(a => Measure(a.Escalated, a.AgencyId)), "{escalation}",
            "Complaints escalated away from each agency, cumulative (sampled).");
        meter.CreateObservableGauge("lapor.agency.sample.age", () => _sampledAt is { } at ? (_time.GetUtcNow() - at).TotalSeconds : 0, "s",
            "Seconds since the agency tree was last sampled.");
    }

    private DateTimeOffset? _sampledAt;

    public void Submitted(string kind, string channel, string outcome) =>
        _submissions.Add(1, new("kind", kind), new("channel", channel), new("outcome", outcome));

    public void Action(string action, string outcome) => _actions.Add(1, new("action", action), new("outcome", outcome));

    public void CodeRefused(string reason) => _codeRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SignInFailed(string reason) => _signInFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Walks the agency tree from the root and keeps each agency's inbox size and counters for the observers.</summary>
    public async Task SampleAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var samples = new List<AgencySample>();
        var pending = new Queue<string>([AgencyIds.National]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var id) && seen.Add(id) && seen.Count <= 100_000)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await Transient.RetryAsync(() => grains.Reference<IAgencyGrain>(id).GetSummary()) is not { } summary)
            {
                continue;
            }

            samples.Add(new AgencySample(id, summary.ActiveComplaints, summary.Counters.Breached, summary.Counters.Escalated));
            foreach (var child in summary.Children)
            {
                pending.Enqueue(child);
            }
        }

        _agencies = samples;
        _sampledAt = _time.GetUtcNow();
    }

    private static Measurement<long> Measure(long value, string agencyId) => new(value, new KeyValuePair<string, object?>("agency", agencyId));

    private sealed record AgencySample(string AgencyId, long Active, long Breached, long Escalated);
}

/// <summary>Samples the agency tree for <see cref="LaporMetrics"/> every <c>Lapor:Telemetry:AgencySampleInterval</c> (default 1 min).</summary>
public sealed partial class AgencySampler(LaporMetrics metrics, IGrainFactory grains, TimeProvider time, IConfiguration configuration,
    ILogger<AgencySampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue<TimeSpan?>("Lapor:Telemetry:AgencySampleInterval") ?? TimeSpan.FromMinutes(1);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await metrics.SampleAsync(grains, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSampleFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agency sample skipped: {ExceptionType}")]
    private static partial void LogSampleFailed(ILogger logger, string exceptionType);
}
