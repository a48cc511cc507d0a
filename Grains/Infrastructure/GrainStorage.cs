namespace Lapor.Grains.Infrastructure;

/// <summary>Names shared by the grains and the silo configuration.</summary>
public static class GrainStorage
{
    /// <summary>The one grain-storage provider every grain persists to.</summary>
    public const string Name = "lapor";
}

/// <summary>Engine settings, bound from the <c>Lapor:Engine</c> configuration section.</summary>
public sealed class EngineOptions
{
    public const string Section = "Lapor:Engine";

    /// <summary>
    /// Period of a complaint's deadline reminder. The reminder is re-armed for the exact due time after every change;
    /// the period only bounds how late a tick missed during an outage is caught up. Two seconds keeps a deadline that
    /// fell due while its silo was dying late by at most the death detection plus two seconds; the cost is a retry
    /// every two seconds for a tick that fails (docs/operations.md, "Failover").
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a silo keeps the working-day calendar before asking the calendar grain again.</summary>
    public TimeSpan CalendarRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an agency keeps its computed routing (path and effective policy) before recomputing.</summary>
    public TimeSpan RoutingRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a new complaint's first reminder is stored in its insert's commit (<see cref="FirstReminder"/>) rather than
    /// registered with Orleans' reminder service after the insert. Lapor's storage turns it on: the submission's path then
    /// has one commit and no call to the reminder service (the reminder is registered there after delivery).
    /// </summary>
    public bool WriteNewComplaintWithReminder { get; set; }

    /// <summary>
    /// Whether a submission is answered once the new complaint and its reminder are durable, while its notices are still
    /// on their way to the verifying agency's inbox and figures (usually a few milliseconds more). The reminder is then
    /// armed for <see cref="DeliveryCheck"/> after the submission, or the first deadline if sooner, and moved on to the
    /// deadline once the delivery is done; a silo dying between the answer and the delivery is repaired by that
    /// reminder's tick (which redelivers and re-arms it for the deadline). False delivers before answering, as every
    /// other change of a complaint does.
    /// </summary>
    public bool AnswerBeforeDelivery { get; set; } = true;

    /// <summary>
    /// With <see cref="AnswerBeforeDelivery"/>, how soon a new complaint's reminder first fires to make sure its notices
    /// arrived: the longest an answered complaint can be missing from its inbox after its silo died (docs/operations.md).
    /// </summary>
    public TimeSpan DeliveryCheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a new complaint leaves memory once its submission is delivered and its reminder moved on to the deadline,
    /// instead of staying for the collection age. Its next call (a status read, an agency's action, the deadline) reads
    /// it from storage, as for any older complaint. Kept in memory, every submission of the last minutes survives the
    /// runtime's young collections and is copied by each of them: at half of the intake peak on two cores that nearly
    /// doubled the p99 and more than doubled the process's memory (docs/benchmarks.md, session 26).
    /// </summary>
    public bool ReleaseNewComplaints { get; set; } = true;

    /// <summary>
    /// How long an agency's batch waits for its parent to acknowledge the batch's subtree change before its callers (a
    /// complaint's notice, a child's roll-up) are answered anyway: the change is stored in the agency's outbox and goes
    /// on to the parent without them. Bounds what a slow or hung ancestor costs the agencies below it
    /// (docs/monev.md, "Roll-up").
    /// </summary>
    public TimeSpan RollUpWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Period of an agency's roll-up reminder, armed when its callers were answered before its parent acknowledged their
    /// change: the longest a parent's figures lag behind a stored change that nothing else sends on.
    /// </summary>
    public TimeSpan RollUpRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a final report's personal data (the reporter's name, e-mail and phone, and the post or message it came
    /// from) is erased <see cref="ReporterDataRetention"/> after the report became final (docs/domain.md §5.1). On by
    /// default: the data is needed only while the report can still change.
    /// </summary>
    public bool EraseReporterData { get; set; } = true;

    /// <summary>
    /// How long the reporter's personal data is kept after the report became final: archived, or closed and past its
    /// reopen window. Fixed for each report when it becomes final.
    /// </summary>
    public TimeSpan ReporterDataRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How often the sweep looks for reports whose erasure date has come (one reminder for the cluster): the longest a
    /// report keeps its reporter's data past its date.
    /// </summary>
    public TimeSpan ReporterDataSweep { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The retention the complaint machine applies; null when the operator keeps reporters' data.</summary>
    public TimeSpan? ReporterDataKeptFor => EraseReporterData ? ReporterDataRetention : null;

    /// <summary>What is wrong with these settings, each starting with its key within <see cref="Section"/> (empty: nothing): every duration must be positive.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. SettingProblems.NotPositive(
            (nameof(ReminderPeriod), ReminderPeriod),
            (nameof(CalendarRefresh), CalendarRefresh),
            (nameof(RoutingRefresh), RoutingRefresh),
            (nameof(DeliveryCheck), DeliveryCheck),
            (nameof(RollUpWait), RollUpWait),
            (nameof(RollUpRetry), RollUpRetry),
            (nameof(ReporterDataRetention), ReporterDataRetention),
            (nameof(ReporterDataSweep), ReporterDataSweep)),
    ];
}
