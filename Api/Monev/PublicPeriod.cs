using Lapor.Domain.Monev;

namespace Lapor.Api.Monev;

/// <summary>What the public sees: counts, rates and times. No categories, channels or anything per complaint.</summary>
public sealed record PublicPeriod(string Period, long Received, long FollowedUp, double? FollowedUpPercent, long Resolved,
    double? ResolvedPercent, double? MeanFirstResponseWorkingDays, double? MedianFirstResponseWorkingDays,
    double? SlaFirstResponsePercent, double? SatisfactionAverage)
{
    public static PublicPeriod From(Indicators i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Period, i.Received, i.FollowedUp, i.FollowedUpPercent, i.Resolved, i.ResolvedPercent,
            i.FirstResponse.MeanWorkingDays, i.FirstResponse.MedianWorkingDays, i.SlaCompliancePercent.FirstResponse, i.Satisfaction.Average);
    }
}
