namespace Lapor.Domain.Complaints;

/// <summary>Which rule set a deadline's due instant (shown with every deadline).</summary>
[Alias("lapor.DeadlineRule")]
public enum DeadlineRule
{
    /// <summary>The step's own limit from the agency's SLA policy.</summary>
    Limit = 0,
    /// <summary>
    /// The resolution ceiling of Perpres 76/2013 came first: completion no later than 60 days after the file is
    /// complete, whatever the resolution class allows.
    /// </summary>
    Ceiling = 1,
    /// <summary>
    /// The clock started after the 60-day ceiling had already passed (an escalation at the ceiling, or a late
    /// restart): the ceiling can no longer be met, so the step's own limit applies and the lateness shows.
    /// </summary>
    CeilingPassed = 2,
}
