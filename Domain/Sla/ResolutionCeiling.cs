using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Sla;

/// <summary>
/// The resolution ceiling of Perpres 76/2013: a complaint is completed no later than 60 days after its file is
/// complete, whatever the resolution class or an agency's policy allows. Calendar days, not working days: a
/// berkadar pengawasan limit of 60 hk (about 87 days) is therefore always cut short by it.
/// </summary>
public static class ResolutionCeiling
{
    /// <summary>Calendar days from the day the file is complete.</summary>
    public const int CalendarDays = 60;

    /// <summary>
    /// The end (local midnight) of the 60th calendar day after the local day of <paramref name="fileCompleteAt"/>
    /// in <paramref name="zone"/>.
    /// </summary>
    public static DateTimeOffset For(DateTimeOffset fileCompleteAt, AgencyZone zone) =>
        IndonesianZones.StartOfDay(IndonesianZones.LocalDate(fileCompleteAt, zone).AddDays(CalendarDays + 1), zone);

    /// <summary>
    /// The due instant of a resolution clock starting at <paramref name="now"/> whose own limit falls due at
    /// <paramref name="byLimit"/>, and the rule that set it: the earlier of the limit and the ceiling while the
    /// ceiling lies ahead; once it has passed, the limit (the breach of the ceiling is not back-dated, and a clock
    /// that started late still gets its own limit).
    /// </summary>
    public static (DateTimeOffset Due, DeadlineRule Rule) Apply(DateTimeOffset byLimit, DateTimeOffset ceiling, DateTimeOffset now)
    {
        if (ceiling <= now)
        {
            return (byLimit, DeadlineRule.CeilingPassed);
        }

        return ceiling < byLimit ? (ceiling.ToOffset(byLimit.Offset), DeadlineRule.Ceiling) : (byLimit, DeadlineRule.Limit);
    }
}
