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

/// <summary>
/// An exact histogram: whole minutes → count. Mergeable (also with a sign, for corrections and moves); medians and
/// p90 are exact at one minute. Kept as sorted arrays and stored packed (delta varints in one byte array), so that a
/// national month with thousands of distinct values reads, merges and ranks in linear time without a dictionary.
/// </summary>
[GenerateSerializer, Alias("lapor.MinuteHistogram")]
public sealed class MinuteHistogram
{
    [NonSerialized] private int[] _minutes = [];
    [NonSerialized] private long[] _times = [];
    [NonSerialized] private int _length;
    [NonSerialized] private Dictionary<int, long>? _pending;
    [NonSerialized] private byte[]? _packed;
    [NonSerialized] private long[]? _cumulative;
    [NonSerialized] private List<(int[] Minutes, long[] Times, int Length, int Sign)>? _runs;

    /// <summary>Schema version 2 stored the histogram as a dictionary; such rows are folded in on first use.</summary>
    [Id(0)]
    public Dictionary<int, long>? Counts
    {
        get => null;
        set
        {
            foreach (var (minutes, times) in value ?? [])
            {
                AddPending(minutes, times);
            }
        }
    }

    [Id(1)] public long Count { get; set; }
    [Id(2)] public long Sum { get; set; }

    /// <summary>The stored form: the number of distinct values, then (minute − previous minute, count) as zigzag varints.</summary>
    [Id(3)]
    public byte[]? Packed
    {
        get => Pack();
        set => _packed = value is { Length: > 0 } ? value : null;
    }

    /// <summary>Distinct minute values (after pending additions are folded in).</summary>
    public int Distinct
    {
        get
        {
            Normalize();
            return _length;
        }
    }

    public void Add(int minutes, long times = 1)
    {
        AddPending(minutes, times);
        Count += times;
        Sum += minutes * times;
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> = 1) or removes (−1) every value of <paramref name="other"/>. Lazy: merges are
    /// gathered and done together on the next read, so summing k histograms costs one pass, not k.
    /// </summary>
    public void Merge(MinuteHistogram other, int sign = 1)
    {
        other.Normalize();
        Count += sign * other.Count;
        Sum += sign * other.Sum;
        if (other._length == 0)
        {
            return;
        }

        _cumulative = null;
        if (sign == 1 && _length == 0 && _runs is null && _packed is null && _pending is null)
        {
            // Normalized arrays are never written in place (every change builds new ones): share them.
            (_minutes, _times, _length) = (other._minutes, other._times, other._length);
            return;
        }

        (_runs ??= []).Add((other._minutes, other._times, other._length, sign));
    }

    public double? Mean => Count == 0 ? null : (double)Sum / Count;

    /// <summary>Nearest-rank percentile (p in (0, 1]): the smallest value with at least p of the values at or below it.</summary>
    public int? Percentile(double p)
    {
        if (Count <= 0)
        {
            return null;
        }

        Normalize();
        if (_length == 0)
        {
            return null;
        }

        var rank = Math.Clamp((long)Math.Ceiling(p * Count), 1, Count);
        var cumulative = Cumulative();
        // The first value whose running count reaches the rank (counts are positive once normalized).
        int lo = 0, hi = _length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= rank)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return _minutes[lo];
    }

    /// <summary>Running counts, built once per content: a shared (cached) histogram answers every percentile in log time.</summary>
    private long[] Cumulative()
    {
        if (_cumulative is { } known && known.Length == _length)
        {
            return known;
        }

        var cumulative = new long[_length];
        long seen = 0;
        for (var i = 0; i < _length; i++)
        {
            cumulative[i] = seen += _times[i];
        }

        _cumulative = cumulative;
        return cumulative;
    }

    /// <summary>The values in ascending order with their counts.</summary>
    public IEnumerable<(int Minutes, long Times)> Values()
    {
        Normalize();
        for (var i = 0; i < _length; i++)
        {
            yield return (_minutes[i], _times[i]);
        }
    }

    public bool IsEmpty
    {
        get
        {
            Normalize();
            return Count == 0 && Sum == 0 && _length == 0;
        }
    }

    /// <summary>Folds pending additions and the stored form into the sorted arrays (idempotent).</summary>
    public void Normalize()
    {
        if (_packed is { } packed)
        {
            _packed = null;
            var (minutes, times, length) = Unpack(packed);
            if (_length == 0)
            {
                // The stored form holds sorted, distinct, non-zero values: take the arrays as they are.
                (_minutes, _times, _length, _cumulative) = (minutes, times, length, null);
            }
            else
            {
                MergeSorted(minutes, times, length, 1);
            }
        }

        if (_pending is { Count: > 0 } pending)
        {
            _pending = null;
            var minutes = new int[pending.Count];
            var times = new long[pending.Count];
            var i = 0;
            foreach (var (m, t) in pending)
            {
                minutes[i] = m;
                times[i++] = t;
            }

            Array.Sort(minutes, times);
            MergeSorted(minutes, times, minutes.Length, 1);
        }

        if (_runs is { } runs)
        {
            _runs = null;
            MergeRuns(runs);
        }
    }

    /// <summary>
    /// Sums the current values and every gathered run at once: into a pooled dense array over the minutes they span when
    /// that is compact (the usual case: durations of one period), otherwise run by run.
    /// </summary>
    private void MergeRuns(List<(int[] Minutes, long[] Times, int Length, int Sign)> runs)
    {
        _cumulative = null;
        if (_length > 0)
        {
            runs.Add((_minutes, _times, _length, 1));
        }

        long entries = 0;
        int min = int.MaxValue, max = int.MinValue;
        foreach (var (minutes, _, length, _) in runs)
        {
            entries += length;
            min = Math.Min(min, minutes[0]);
            max = Math.Max(max, minutes[length - 1]);
        }

        var range = (long)max - min + 1;
        if (runs.Count <= 2 || range > (4 * entries) + 4096 || range > 1 << 22)
        {
            (_minutes, _times, _length) = ([], [], 0);
            foreach (var (minutes, times, length, sign) in runs)
            {
                MergeSorted(minutes, times, length, sign);
            }

            return;
        }

        var dense = Dense((int)range);
        try
        {
            foreach (var (minutes, times, length, sign) in runs)
            {
                for (var i = 0; i < length; i++)
                {
                    dense[minutes[i] - min] += sign * times[i];
                }
            }
        }
        catch
        {
            Array.Clear(dense, 0, (int)range);
            throw;
        }

        // One pass over the span: collect the sums and leave the buffer all zero again for its next use.
        var capacity = (int)Math.Min(range, entries);
        var someMinutes = System.Buffers.ArrayPool<int>.Shared.Rent(capacity);
        var someTimes = System.Buffers.ArrayPool<long>.Shared.Rent(capacity);
        try
        {
            var n = 0;
            for (var i = 0; i < range; i++)
            {
                var times = dense[i];
                if (times != 0)
                {
                    someMinutes[n] = min + i;
                    someTimes[n++] = times;
                    dense[i] = 0;
                }
            }

            (_minutes, _times, _length) = (someMinutes[..n], someTimes[..n], n);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(someMinutes);
            System.Buffers.ArrayPool<long>.Shared.Return(someTimes);
        }
    }

    /// <summary>This thread's dense buffer: at least <paramref name="length"/> long, all zero between uses.</summary>
    private static long[] Dense(int length)
    {
        if (_dense is not { } dense || dense.Length < length)
        {
            _dense = dense = new long[Math.Max(length, 1 << 15)];
        }

        return dense;
    }

    [ThreadStatic] private static long[]? _dense;

    private void AddPending(int minutes, long times)
    {
        _pending ??= [];
        _pending[minutes] = _pending.GetValueOrDefault(minutes) + times;
    }

    /// <summary>Merges sorted (<paramref name="minutes"/>, <paramref name="times"/>) into the arrays; zero counts vanish.</summary>
    private void MergeSorted(int[] minutes, long[] times, int length, int sign)
    {
        if (length == 0)
        {
            return;
        }

        _cumulative = null;
        if (_length == 0 && sign == 1)
        {
            _minutes = minutes[..length];
            _times = times[..length];
            _length = length;
            RemoveZeros();
            return;
        }

        var outMinutes = new int[_length + length];
        var outTimes = new long[_length + length];
        int a = 0, b = 0, n = 0;
        while (a < _length || b < length)
        {
            int m;
            long t;
            if (b >= length || (a < _length && _minutes[a] < minutes[b]))
            {
                (m, t) = (_minutes[a], _times[a]);
                a++;
            }
            else if (a >= _length || minutes[b] < _minutes[a])
            {
                (m, t) = (minutes[b], sign * times[b]);
                b++;
            }
            else
            {
                (m, t) = (_minutes[a], _times[a] + (sign * times[b]));
                a++;
                b++;
            }

            if (t != 0)
            {
                outMinutes[n] = m;
                outTimes[n++] = t;
            }
        }

        (_minutes, _times, _length) = (outMinutes, outTimes, n);
    }

    private void RemoveZeros()
    {
        var n = 0;
        for (var i = 0; i < _length; i++)
        {
            if (_times[i] != 0)
            {
                _minutes[n] = _minutes[i];
                _times[n++] = _times[i];
            }
        }

        _length = n;
    }

    private byte[]? Pack()
    {
        Normalize();
        if (_length == 0)
        {
            return null;
        }

        var buffer = new byte[10 + (_length * 20)];
        var at = 0;
        Write(buffer, ref at, (ulong)_length);
        long previous = 0;
        for (var i = 0; i < _length; i++)
        {
            Write(buffer, ref at, ZigZag(_minutes[i] - previous));
            Write(buffer, ref at, ZigZag(_times[i]));
            previous = _minutes[i];
        }

        return buffer[..at];
    }

    private static (int[] Minutes, long[] Times, int Length) Unpack(ReadOnlySpan<byte> packed)
    {
        var at = 0;
        var length = (int)Read(packed, ref at);
        var minutes = new int[length];
        var times = new long[length];
        long previous = 0;
        for (var i = 0; i < length; i++)
        {
            // One-byte values (the usual gaps and counts) without the loop.
            var b = packed[at];
            previous += b < 0x80 ? (b >> 1) ^ -(b & 1) : UnZigZag(Read(packed, ref at));
            at += b < 0x80 ? 1 : 0;
            minutes[i] = (int)previous;
            b = packed[at];
            times[i] = b < 0x80 ? (b >> 1) ^ -(b & 1) : UnZigZag(Read(packed, ref at));
            at += b < 0x80 ? 1 : 0;
        }

        return (minutes, times, length);
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private static void Write(byte[] buffer, ref int at, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[at++] = (byte)value;
    }

    private static ulong Read(ReadOnlySpan<byte> buffer, ref int at)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = buffer[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
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

    /// <summary>Adds (<paramref name="sign"/> = 1) or subtracts (−1) <paramref name="o"/>; mix entries that reach zero vanish.</summary>
    public void Merge(MonevFigures o, int sign = 1)
    {
        Received += sign * o.Received;
        Routed += sign * o.Routed;
        RoutedWithinSla += sign * o.RoutedWithinSla;
        Assigned += sign * o.Assigned;
        Bounced += sign * o.Bounced;
        FollowedUp += sign * o.FollowedUp;
        FirstResponseWithinSla += sign * o.FirstResponseWithinSla;
        Resolved += sign * o.Resolved;
        ResolvedWithinSla += sign * o.ResolvedWithinSla;
        Escalations += sign * o.Escalations;
        Reopened += sign * o.Reopened;
        Closed += sign * o.Closed;
        Archived += sign * o.Archived;
        MergeMix(Breaches, o.Breaches, sign);
        MergeMix(Ratings, o.Ratings, sign);
        MergeMix(Channels, o.Channels, sign);
        MergeMix(Categories, o.Categories, sign);
        MergeMix(Kinds, o.Kinds, sign);
        FirstResponseMinutes.Merge(o.FirstResponseMinutes, sign);
        FirstResponseWorkingMinutes.Merge(o.FirstResponseWorkingMinutes, sign);
        ResolutionMinutes.Merge(o.ResolutionMinutes, sign);
        ResolutionWorkingMinutes.Merge(o.ResolutionWorkingMinutes, sign);
    }

    /// <summary>Nothing counted (every sum zero, every mix and histogram empty).</summary>
    public bool IsZero => Received == 0 && Routed == 0 && RoutedWithinSla == 0 && Assigned == 0 && Bounced == 0 && FollowedUp == 0
        && FirstResponseWithinSla == 0 && Resolved == 0 && ResolvedWithinSla == 0 && Escalations == 0 && Reopened == 0 && Closed == 0
        && Archived == 0 && Breaches.Count == 0 && Ratings.Count == 0 && Channels.Count == 0 && Categories.Count == 0 && Kinds.Count == 0
        && FirstResponseMinutes.IsEmpty && FirstResponseWorkingMinutes.IsEmpty && ResolutionMinutes.IsEmpty && ResolutionWorkingMinutes.IsEmpty;

    private static void MergeMix<TKey>(Dictionary<TKey, long> into, Dictionary<TKey, long> add, int sign) where TKey : notnull
    {
        foreach (var (k, v) in add)
        {
            var sum = into.GetValueOrDefault(k) + (sign * v);
            if (sum == 0)
            {
                into.Remove(k);
            }
            else
            {
                into[k] = sum;
            }
        }
    }

    /// <summary>Brings the histograms into their final form, after which reading never changes the figures (safe to share).</summary>
    public void Normalize()
    {
        FirstResponseMinutes.Normalize();
        FirstResponseWorkingMinutes.Normalize();
        ResolutionMinutes.Normalize();
        ResolutionWorkingMinutes.Normalize();
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
