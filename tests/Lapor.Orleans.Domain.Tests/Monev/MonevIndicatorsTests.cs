using System.Collections.Immutable;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Tests.Monev;

/// <summary>Pure: the published indicators derived from raw figures (rates, durations, compliance, satisfaction).</summary>
public sealed class MonevIndicatorsTests
{
    private static readonly DateOnly March = new(2026, 3, 1);

    [Fact]
    public void Rates_are_percent_of_the_assigned_base_with_two_decimals_and_null_without_a_base()
    {
        var f = new MonevFigures { Received = 5, Assigned = 3, FollowedUp = 2, Resolved = 1, Routed = 4, RoutedWithinSla = 3, Reopened = 1 };
        var i = MonevIndicators.Derive("2026-03", March, f);
        Assert.Equal(66.67, i.FollowedUpPercent);
        Assert.Equal(33.33, i.ResolvedPercent);
        Assert.Equal(75, i.SlaCompliancePercent.Verification);
        Assert.Equal(100, i.ReopenRatePercent);

        var empty = MonevIndicators.Derive("2026-03", March, new MonevFigures());
        Assert.Null(empty.FollowedUpPercent);
        Assert.Null(empty.ResolvedPercent);
        Assert.Null(empty.SlaCompliancePercent.Verification);
        Assert.Null(empty.SlaCompliancePercent.FirstResponse);
        Assert.Null(empty.SlaCompliancePercent.Resolution);
        Assert.Null(empty.ReopenRatePercent);
        Assert.Null(empty.Satisfaction.Average);
        Assert.Null(empty.FirstResponse.MeanHours);
        Assert.Equal(0, empty.FirstResponse.Count);
    }

    [Fact]
    public void Durations_are_hours_of_wall_time_and_working_days_of_1440_working_minutes()
    {
        var f = new MonevFigures();
        foreach (var (wall, working) in new[] { (60, 1440), (120, 2880), (600, 4320) })
        {
            f.Apply(new MonevFact(MonevFactKind.FirstResponse, DateTimeOffset.UnixEpoch, AgencyZone.Wib)
            {
                ElapsedMinutes = wall, WorkingMinutes = working, WithinSla = wall < 600,
            });
        }

        var d = MonevIndicators.Derive("2026-03", March, f).FirstResponse;
        Assert.Equal(3, d.Count);
        Assert.Equal(4.33, d.MeanHours);
        Assert.Equal(2, d.MedianHours);
        Assert.Equal(10, d.P90Hours);
        Assert.Equal(2, d.MeanWorkingDays);
        Assert.Equal(2, d.MedianWorkingDays);
        Assert.Equal(3, d.P90WorkingDays);
        Assert.Equal(66.67, MonevIndicators.Derive("x", March, f).SlaCompliancePercent.FirstResponse);
    }

    [Fact]
    public void Satisfaction_averages_the_scores_and_mixes_drop_zero_counts_and_sort_by_name()
    {
        var f = new MonevFigures();
        f.Ratings[5] = 2;
        f.Ratings[2] = 1;
        f.Channels[Channel.Web] = 3;
        f.Channels[Channel.Sms] = 0;
        f.Categories["Pendidikan"] = 1;
        f.Categories["Infrastruktur"] = 2;
        f.Breaches[DeadlineStep.FirstResponse] = 1;
        var i = MonevIndicators.Derive("2026", new DateOnly(2026, 1, 1), f);
        Assert.Equal(3, i.Satisfaction.Count);
        Assert.Equal(4, i.Satisfaction.Average);
        Assert.Equal(2, i.Satisfaction.Scores[5]);
        Assert.Equal(["Web"], i.Channels.Keys);
        Assert.Equal(["Infrastruktur", "Pendidikan"], i.Categories.Keys);
        Assert.Equal(1, i.Breaches["FirstResponse"]);
    }

    [Fact]
    public void The_total_merges_every_bucket_and_is_keyed_by_the_query_range()
    {
        var jan = new MonevFigures { Received = 2, Assigned = 2, FollowedUp = 1 };
        var feb = new MonevFigures { Received = 3, Assigned = 2, FollowedUp = 2 };
        var report = new MonevReport("kota-malang", Subtree: true, new MonevQuery(MonevPeriod.Month, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28)),
            [new MonevBucket("2026-01", new DateOnly(2026, 1, 1), jan), new MonevBucket("2026-02", new DateOnly(2026, 2, 1), feb)],
            MonevBacklog.Zero, Agencies: 4);

        var total = MonevIndicators.Total(report);
        Assert.Equal("2026-01-01/2026-02-28", total.Period);
        Assert.Equal(new DateOnly(2026, 1, 1), total.Start);
        Assert.Equal(5, total.Received);
        Assert.Equal(75, total.FollowedUpPercent);
        Assert.Equal(2, jan.Received); // the buckets themselves are untouched

        ImmutableArray<Indicators> periods = MonevIndicators.Periods(report);
        Assert.Equal(["2026-01", "2026-02"], periods.Select(p => p.Period));
        Assert.Equal(50, periods[0].FollowedUpPercent);
    }
}
