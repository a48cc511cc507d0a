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
    /// alarm counts as "never"). False when it moves later or goes away: the write comes first. False as well when the
    /// write creates the complaint: its reminder is registered after the insert, or stored in the insert's commit where
    /// the storage can (EngineOptions.WriteNewComplaintWithReminder), and the submission is answered only after both are
    /// stored. If that insert is refused because the code is stored already, a reminder that went out with it is moved
    /// back to the stored complaint's alarm before the answer.
    /// </summary>
    public static bool ArmBeforeWrite(bool creating, DateTimeOffset? storedAlarm, DateTimeOffset? nextAlarm) =>
        !creating && nextAlarm is { } next && (storedAlarm is not { } stored || next <= stored);
}
