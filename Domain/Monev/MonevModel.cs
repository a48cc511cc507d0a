using System.Collections.Immutable;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Monev;

/// <summary>What happened to a complaint at one agency, as monitoring and evaluation counts it (docs/monev.md).</summary>
[Alias("lapor.MonevFactKind")]
public enum MonevFactKind
{
    /// <summary>The complaint arrived at this agency (verification, routing, unit, related copy).</summary>
    Received = 0,
    /// <summary>This agency verified the complaint and routed it onward (disposisi).</summary>
    Routed = 1,
    /// <summary>The complaint was assigned to this agency (primary, unit or related): the base of the % figures.</summary>
    Assigned = 2,
    /// <summary>This agency said "bukan wewenang".</summary>
    Bounced = 3,
    /// <summary>First response (tindak lanjut) by this agency; duration from routing.</summary>
    FirstResponse = 4,
    /// <summary>Resolved by this agency; duration from routing.</summary>
    Resolved = 5,
    /// <summary>A deadline this agency held passed.</summary>
    Breach = 6,
    /// <summary>The complaint was escalated to this agency.</summary>
    Escalation = 7,
    /// <summary>The reporter reopened a complaint this agency resolved.</summary>
    Reopened = 8,
    /// <summary>The reporter rated this agency's handling (1–5).</summary>
    Rated = 9,
    /// <summary>The complaint closed (confirmed or automatically).</summary>
    Closed = 10,
    /// <summary>The complaint was archived by this agency's intake.</summary>
    Archived = 11,
}

/// <summary>
/// One monev fact for one agency, computed by the complaint machine when it happened. Durations are measured from
/// the raw instants (<see cref="Since"/> → <see cref="At"/>) by a pure function, so a rebuild can re-measure them.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevFact")]
public sealed record MonevFact(
    [property: Id(0)] MonevFactKind Kind,
    [property: Id(1)] DateTimeOffset At,
    /// <summary>The zone of the agency the fact belongs to: its local date is the period bucket.</summary>
    [property: Id(2)] AgencyZone Zone)
{
    /// <summary>Start of the measured duration (routing to the agency) for FirstResponse and Resolved.</summary>
    [Id(3)] public DateTimeOffset? Since { get; init; }
    /// <summary>FirstResponse / Resolved / Routed: done before the step's deadline, never escalated.</summary>
    [Id(4)] public bool WithinSla { get; init; }
    /// <summary>The step of a Breach or Escalation.</summary>
    [Id(5)] public DeadlineStep? Step { get; init; }
    /// <summary>Rated: 1–5.</summary>
    [Id(6)] public int Score { get; init; }
    /// <summary>Received: channel, category and kind of report (the mixes).</summary>
    [Id(7)] public Channel Channel { get; init; }
    [Id(8)] public string? Category { get; init; }
    [Id(9)] public ReportKind ReportKind { get; init; }
    /// <summary>Wall-clock minutes Since → At (floored).</summary>
    [Id(10)] public int ElapsedMinutes { get; init; }
    /// <summary>Working minutes Since → At in the agency's calendar (floored); 1 working day = 1440.</summary>
    [Id(11)] public int WorkingMinutes { get; init; }
}

/// <summary>A fact as the complaint journals it: the agency it belongs to and the version that produced it.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevJournalEntry")]
public sealed record MonevJournalEntry(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] int Version,
    [property: Id(2)] MonevFact Fact);

/// <summary>An exact histogram: whole minutes → count. Mergeable; medians and p90 are exact at one minute.</summary>
[GenerateSerializer, Alias("lapor.MinuteHistogram")]
public sealed class MinuteHistogram
{
    [Id(0)] public Dictionary<int, long> Counts { get; set; } = [];
    [Id(1)] public long Count { get; set; }
    [Id(2)] public long Sum { get; set; }

    public void Add(int minutes, long times = 1)
    {
        Counts[minutes] = Counts.GetValueOrDefault(minutes) + times;
        Count += times;
        Sum += minutes * times;
    }

    public void Merge(MinuteHistogram other)
    {
        foreach (var (minutes, times) in other.Counts)
        {
            Add(minutes, times);
        }
    }

    public double? Mean => Count == 0 ? null : (double)Sum / Count;

    /// <summary>Nearest-rank percentile (p in (0, 1]): the smallest value with at least p of the values at or below it.</summary>
    public int? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(p * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        foreach (var (minutes, times) in Counts.OrderBy(c => c.Key))
        {
            seen += times;
            if (seen >= rank)
            {
                return minutes;
            }
        }

        return Counts.Keys.Max();
    }
}

/// <summary>Raw, mergeable figures of one agency (or subtree) over one period: sums, mixes and histograms.</summary>
[GenerateSerializer, Alias("lapor.MonevFigures")]
public sealed class MonevFigures
{
    [Id(0)] public long Received { get; set; }
    [Id(1)] public long Routed { get; set; }
    [Id(2)] public long RoutedWithinSla { get; set; }
    [Id(3)] public long Assigned { get; set; }
    [Id(4)] public long Bounced { get; set; }
    [Id(5)] public long FollowedUp { get; set; }
    [Id(6)] public long FirstResponseWithinSla { get; set; }
    [Id(7)] public long Resolved { get; set; }
    [Id(8)] public long ResolvedWithinSla { get; set; }
    [Id(9)] public long Escalations { get; set; }
    [Id(10)] public long Reopened { get; set; }
    [Id(11)] public long Closed { get; set; }
    [Id(12)] public long Archived { get; set; }
    [Id(13)] public Dictionary<DeadlineStep, long> Breaches { get; set; } = [];
    [Id(14)] public Dictionary<int, long> Ratings { get; set; } = [];
    [Id(15)] public Dictionary<Channel, long> Channels { get; set; } = [];
    [Id(16)] public Dictionary<string, long> Categories { get; set; } = [];
    [Id(17)] public Dictionary<ReportKind, long> Kinds { get; set; } = [];
    [Id(18)] public MinuteHistogram FirstResponseMinutes { get; set; } = new();
    [Id(19)] public MinuteHistogram FirstResponseWorkingMinutes { get; set; } = new();
    [Id(20)] public MinuteHistogram ResolutionMinutes { get; set; } = new();
    [Id(21)] public MinuteHistogram ResolutionWorkingMinutes { get; set; } = new();

    public void Apply(MonevFact fact)
    {
        switch (fact.Kind)
        {
            case MonevFactKind.Received:
                Received++;
                Channels[fact.Channel] = Channels.GetValueOrDefault(fact.Channel) + 1;
                Kinds[fact.ReportKind] = Kinds.GetValueOrDefault(fact.ReportKind) + 1;
                var category = fact.Category ?? "";
                Categories[category] = Categories.GetValueOrDefault(category) + 1;
                break;
            case MonevFactKind.Routed:
                Routed++;
                RoutedWithinSla += fact.WithinSla ? 1 : 0;
                break;
            case MonevFactKind.Assigned:
                Assigned++;
                break;
            case MonevFactKind.Bounced:
                Bounced++;
                break;
            case MonevFactKind.FirstResponse:
                FollowedUp++;
                FirstResponseWithinSla += fact.WithinSla ? 1 : 0;
                FirstResponseMinutes.Add(fact.ElapsedMinutes);
                FirstResponseWorkingMinutes.Add(fact.WorkingMinutes);
                break;
            case MonevFactKind.Resolved:
                Resolved++;
                ResolvedWithinSla += fact.WithinSla ? 1 : 0;
                ResolutionMinutes.Add(fact.ElapsedMinutes);
                ResolutionWorkingMinutes.Add(fact.WorkingMinutes);
                break;
            case MonevFactKind.Breach:
                var step = fact.Step ?? DeadlineStep.Verification;
                Breaches[step] = Breaches.GetValueOrDefault(step) + 1;
                break;
            case MonevFactKind.Escalation:
                Escalations++;
                break;
            case MonevFactKind.Reopened:
                Reopened++;
                break;
            case MonevFactKind.Rated:
                Ratings[fact.Score] = Ratings.GetValueOrDefault(fact.Score) + 1;
                break;
            case MonevFactKind.Closed:
                Closed++;
                break;
            case MonevFactKind.Archived:
                Archived++;
                break;
        }
    }

    public void Merge(MonevFigures o)
    {
        Received += o.Received;
        Routed += o.Routed;
        RoutedWithinSla += o.RoutedWithinSla;
        Assigned += o.Assigned;
        Bounced += o.Bounced;
        FollowedUp += o.FollowedUp;
        FirstResponseWithinSla += o.FirstResponseWithinSla;
        Resolved += o.Resolved;
        ResolvedWithinSla += o.ResolvedWithinSla;
        Escalations += o.Escalations;
        Reopened += o.Reopened;
        Closed += o.Closed;
        Archived += o.Archived;
        foreach (var (k, v) in o.Breaches)
        {
            Breaches[k] = Breaches.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in o.Ratings)
        {
            Ratings[k] = Ratings.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in o.Channels)
        {
            Channels[k] = Channels.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in o.Categories)
        {
            Categories[k] = Categories.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in o.Kinds)
        {
            Kinds[k] = Kinds.GetValueOrDefault(k) + v;
        }

        FirstResponseMinutes.Merge(o.FirstResponseMinutes);
        FirstResponseWorkingMinutes.Merge(o.FirstResponseWorkingMinutes);
        ResolutionMinutes.Merge(o.ResolutionMinutes);
        ResolutionWorkingMinutes.Merge(o.ResolutionWorkingMinutes);
    }

    public MonevFigures Copy()
    {
        var copy = new MonevFigures();
        copy.Merge(this);
        return copy;
    }
}

/// <summary>Period granularity of a monev query; buckets are local dates in the agency's zone.</summary>
[Alias("lapor.MonevPeriod")]
public enum MonevPeriod
{
    Day = 0,
    Month = 1,
    Quarter = 2,
    Year = 3,
}

/// <summary>Which periods to return: local dates <see cref="From"/>..<see cref="To"/> inclusive, grouped by <see cref="Period"/>.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevQuery")]
public sealed record MonevQuery(
    [property: Id(0)] MonevPeriod Period,
    [property: Id(1)] DateOnly From,
    [property: Id(2)] DateOnly To);

/// <summary>Figures of one period; <see cref="Key"/> is "2026-03-14", "2026-03", "2026-Q1" or "2026".</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevBucket")]
public sealed record MonevBucket(
    [property: Id(0)] string Key,
    [property: Id(1)] DateOnly Start,
    [property: Id(2)] MonevFigures Figures);

/// <summary>Active complaints by age since submission (calendar days), from the inbox at the time of the query.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevBacklog")]
public sealed record MonevBacklog(
    [property: Id(0)] long UpTo3Days,
    [property: Id(1)] long Days4To7,
    [property: Id(2)] long Days8To14,
    [property: Id(3)] long Days15To30,
    [property: Id(4)] long Over30Days)
{
    public static readonly MonevBacklog Zero = new(0, 0, 0, 0, 0);

    public long Total => UpTo3Days + Days4To7 + Days8To14 + Days15To30 + Over30Days;

    public MonevBacklog Add(MonevBacklog o) => new(UpTo3Days + o.UpTo3Days, Days4To7 + o.Days4To7, Days8To14 + o.Days8To14,
        Days15To30 + o.Days15To30, Over30Days + o.Over30Days);
}

/// <summary>One agency's (or subtree's) figures for a query.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevReport")]
public sealed record MonevReport(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] bool Subtree,
    [property: Id(2)] MonevQuery Query,
    [property: Id(3)] ImmutableArray<MonevBucket> Buckets,
    [property: Id(4)] MonevBacklog Backlog,
    /// <summary>Number of agencies whose figures are summed (1 for an agency's own figures).</summary>
    [property: Id(5)] int Agencies);

/// <summary>The complaints an agency has monev facts for, while a rebuild collects their journals.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevRebuildStart")]
public sealed record MonevRebuildStart(
    [property: Id(0)] int Generation,
    [property: Id(1)] ImmutableArray<string> ComplaintIds);

/// <summary>One complaint's journal for one agency, re-measured, at the complaint's version.</summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevFactsAt")]
public sealed record MonevFactsAt(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] int Version,
    [property: Id(2)] ImmutableArray<MonevJournalEntry> Entries);
