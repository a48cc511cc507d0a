namespace Lapor.Grains.Complaints;

/// <summary>
/// The order of a complaint's state write and its reminder's move, so that the reminder never fires later than the
/// stored state's next alarm whichever of the two fails or loses its answer. An early tick is harmless (the machine
/// decides from the stored due times); a late one is a missed deadline.
/// </summary>
public static class DeadlineReminderOrder
{
    /// <summary>
    /// True when the reminder must be armed before the write: the new alarm is not later than the stored one (no stored
    /// alarm counts as "never"). False when it moves later or goes away: the write comes first.
    /// </summary>
    public static bool ArmBeforeWrite(DateTimeOffset? storedAlarm, DateTimeOffset? nextAlarm) =>
        nextAlarm is { } next && (storedAlarm is not { } stored || next <= stored);
}
