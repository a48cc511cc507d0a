using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Complaints;

/// <summary>
/// A running SLA clock for one step, held by one node of a track's path. Due times are fixed when the clock
/// starts, so a later policy change never back-dates a breach.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.DeadlineClock")]
public sealed record DeadlineClock
{
    [Id(0)] public required DeadlineStep Step { get; init; }
    [Id(1)] public required SlaLimit Limit { get; init; }
    [Id(2)] public required DateTimeOffset StartedAt { get; init; }
    [Id(3)] public required DateTimeOffset DueAt { get; init; }
    /// <summary>When the 50 % and 75 % warnings fall due; null for steps that warn nobody (hold, auto-close).</summary>
    [Id(4)] public DateTimeOffset? Warn50At { get; init; }
    [Id(5)] public DateTimeOffset? Warn75At { get; init; }
    [Id(6)] public bool Warned50 { get; init; }
    [Id(7)] public bool Warned75 { get; init; }
    /// <summary>Set while the clock is paused (tunda); the remaining time is restored on resume.</summary>
    [Id(8)] public DateTimeOffset? PausedAt { get; init; }
    /// <summary>The deadline passed at the top of the tree: flagged for national intervention, nothing further to fire.</summary>
    [Id(9)] public bool Exhausted { get; init; }
    /// <summary>How many times this step has escalated so far.</summary>
    [Id(10)] public int Escalations { get; init; }
    /// <summary>Which rule set <see cref="DueAt"/>; clocks stored before the rule was recorded read as the limit.</summary>
    [Id(11)] public DeadlineRule Rule { get; init; }
    /// <summary>The 60-day resolution ceiling this clock is held to (resolution steps only).</summary>
    [Id(12)] public DateTimeOffset? CeilingAt { get; init; }
    /// <summary>
    /// The span start→due touches a year without holiday data, so only weekends were skipped there: the due may move
    /// later once the year's holidays arrive.
    /// </summary>
    [Id(13)] public bool Provisional { get; init; }

    /// <summary>The next instant at which this clock wants the complaint to wake up, or null.</summary>
    public DateTimeOffset? NextAlarm
    {
        get
        {
            if (PausedAt is not null || Exhausted)
            {
                return null;
            }

            if (Warn50At is { } w50 && !Warned50)
            {
                return w50;
            }

            if (Warn75At is { } w75 && !Warned75)
            {
                return w75;
            }

            return DueAt;
        }
    }
}

/// <summary>
/// A line of responsibility: the agencies from the assignee up to the root, who holds the step now, and its clock.
/// The intake track (verification, hold, re-routing, auto-close) and every assignment (primary, related) have one.
/// </summary>
[GenerateSerializer, Alias("lapor.Track")]
public sealed class Track
{
    /// <summary>The assignee first (a unit or an agency), then each parent up to the root.</summary>
    [Id(0)] public ImmutableArray<PathNode> Path { get; set; } = [];
    /// <summary>Index in <see cref="Path"/> of the node that holds the pending step; moves up on escalation.</summary>
    [Id(1)] public int HolderIndex { get; set; }
    [Id(2)] public DeadlineClock? Clock { get; set; }
    /// <summary>The assignee's effective SLA policy, captured when the track started (never back-dated).</summary>
    [Id(3)] public SlaPolicy Policy { get; set; } = new();

    public string AssigneeId => Path[0].AgencyId;
    public PathNode Holder => Path[HolderIndex];
    public bool Contains(string agencyId) => Path.Any(n => n.AgencyId == agencyId);
}

/// <summary>An agency's share of a complaint: the primary one, or a related (cross-sector) copy.</summary>
[GenerateSerializer, Alias("lapor.Assignment")]
public sealed class Assignment
{
    /// <summary>The agency the complaint was routed to (the unit, if any, sits below it at <see cref="Track"/>.Path[0]).</summary>
    [Id(0)] public string AgencyId { get; set; } = "";
    [Id(1)] public string? UnitId { get; set; }
    [Id(2)] public bool Primary { get; set; }
    [Id(3)] public DateTimeOffset RoutedAt { get; set; }
    [Id(4)] public DateTimeOffset? FirstResponseAt { get; set; }
    [Id(5)] public DateTimeOffset? ResolvedAt { get; set; }
    [Id(6)] public Track Track { get; set; } = new();
    /// <summary>Resolution class this assignment is held to.</summary>
    [Id(7)] public ResolutionClass ResolutionClass { get; set; }
}

/// <summary>The stored state of one complaint. Serialized by Orleans' version-tolerant serializer.</summary>
[GenerateSerializer, Alias("lapor.ComplaintState")]
public sealed class ComplaintState
{
    [Id(0)] public string Id { get; set; } = "";
    /// <summary>0 until submitted; +1 on every accepted change. Exposed as the HTTP ETag.</summary>
    [Id(1)] public int Version { get; set; }
    [Id(2)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(3)] public ReportData? Report { get; set; }
    [Id(4)] public ReporterContact? Contact { get; set; }
    [Id(5)] public string RequestHash { get; set; } = "";
    [Id(6)] public string SecretHash { get; set; } = "";
    [Id(7)] public ComplaintStatus Status { get; set; }
    [Id(8)] public bool Anonymous { get; set; }
    [Id(9)] public bool Confidential { get; set; }
    [Id(10)] public bool LateFiling { get; set; }
    [Id(11)] public ResolutionClass? ResolutionClass { get; set; }
    /// <summary>Verification, hold, re-routing and auto-close: held by the verifier (or the primary for auto-close).</summary>
    [Id(12)] public Track? Intake { get; set; }
    /// <summary>Verification clock paused while on hold.</summary>
    [Id(13)] public DeadlineClock? PausedVerification { get; set; }
    [Id(14)] public List<Assignment> Assignments { get; set; } = [];
    [Id(15)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(16)] public bool NationalIntervention { get; set; }
    [Id(17)] public int? Rating { get; set; }
    [Id(18)] public string? RatingComment { get; set; }
    [Id(19)] public int ReopenCount { get; set; }
    [Id(20)] public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Notices to agencies written with the change that caused them and delivered after the write.</summary>
    [Id(21)] public List<OutboxEntry> Outbox { get; set; } = [];
    /// <summary>The public feed line written with the change; delivered after the write.</summary>
    [Id(22)] public PendingPublication? PendingPublication { get; set; }
    /// <summary>The agency whose verification track the complaint started on (target agency or national).</summary>
    [Id(23)] public string VerifierId { get; set; } = AgencyIds.National;
    /// <summary>Every monev fact this complaint produced, per agency and version: the source of a rebuild (docs/monev.md).</summary>
    [Id(24)] public List<Lapor.Domain.Monev.MonevJournalEntry> MonevJournal { get; set; } = [];
    /// <summary>
    /// When the 60-day resolution window (Perpres 76/2013) opened: the first routing, once the file is complete;
    /// a reopen opens a new one. Null in complaints stored before it was recorded (see <c>ResolutionWindow</c>).
    /// </summary>
    [Id(25)] public DateTimeOffset? ResolutionWindowStart { get; set; }
    /// <summary>
    /// When the reporter's personal data is erased (docs/domain.md §5.1): fixed when the report becomes final, cleared by
    /// a reopen and once erased. Null while the report can change, when nothing is kept to erase, or when the operator
    /// keeps personal data.
    /// </summary>
    [Id(26)] public DateTimeOffset? ReporterDataEraseAt { get; set; }
    /// <summary>When the reporter's personal data was erased; null while it is kept.</summary>
    [Id(27)] public DateTimeOffset? ReporterDataErasedAt { get; set; }
    /// <summary>
    /// The messages sent to the reporter are still to be blanked in the notification table: set with the erasure and
    /// carried out by the outbox after the write, like every other effect of a change.
    /// </summary>
    [Id(28)] public bool ReporterMessagesToForget { get; set; }
    /// <summary>
    /// Notification events written with the change that caused them; the outbox inserts them into the notification
    /// table (idempotent by event) and empties this. A high id keeps clear of other streams' additions.
    /// </summary>
    [Id(40)] public List<Lapor.Domain.Notifications.NotificationEvent> Notifications { get; set; } = [];

    public bool Exists => Version > 0;
    public Assignment? PrimaryAssignment => Assignments.FirstOrDefault(a => a.Primary);
}

[GenerateSerializer, Immutable, Alias("lapor.PendingPublication")]
public sealed record PendingPublication(
    [property: Id(0)] int Version,
    [property: Id(1)] PublicSummary? Summary);

/// <summary>A notice waiting to be delivered to one agency.</summary>
[GenerateSerializer, Immutable, Alias("lapor.OutboxEntry")]
public sealed record OutboxEntry(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] ComplaintNotice Notice);
