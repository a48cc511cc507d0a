using System.Collections.Immutable;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Domain.Agencies;

/// <summary>Levels of the agency tree ("berjenjang", docs/domain.md §1).</summary>
[Alias("lapor.AgencyLevel")]
public enum AgencyLevel
{
    /// <summary>Admin Nasional (KemenPANRB): the root.</summary>
    National = 0,
    /// <summary>Kementerian / Lembaga.</summary>
    Ministry = 1,
    /// <summary>Pemerintah Provinsi.</summary>
    Province = 2,
    /// <summary>Pemerintah Kabupaten / Kota.</summary>
    RegencyCity = 3,
    /// <summary>Unit kerja / OPD.</summary>
    Unit = 4,
}

/// <summary>An agency as administrators define it. <see cref="Policy"/> holds only its own overrides.</summary>
[GenerateSerializer, Immutable, Alias("lapor.AgencyProfile")]
public sealed record AgencyProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] AgencyLevel Level,
    [property: Id(3)] string? ParentId,
    [property: Id(4)] AgencyZone Zone,
    [property: Id(5)] SlaPolicy Policy);

/// <summary>What a complaint needs to hold an agency to its deadlines.</summary>
[GenerateSerializer, Immutable, Alias("lapor.AgencyRouting")]
public sealed record AgencyRouting(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] string Name,
    [property: Id(2)] AgencyLevel Level,
    [property: Id(3)] AgencyZone Zone,
    /// <summary>This agency first, then its parent, up to the root.</summary>
    [property: Id(4)] ImmutableArray<PathNode> Path,
    /// <summary>The policy in force here: own overrides, then each ancestor's, then the national defaults.</summary>
    [property: Id(5)] SlaPolicy EffectivePolicy);

/// <summary>Why a complaint sits in an agency's inbox.</summary>
[Alias("lapor.InboxRole")]
public enum InboxRole
{
    /// <summary>Waiting for verification and routing by this agency.</summary>
    Verification = 0,
    /// <summary>Routed to this agency (or to one of its units) as the primary.</summary>
    Primary = 1,
    /// <summary>A copy for a related agency (lintas sektoral).</summary>
    Related = 2,
    /// <summary>Escalated to this agency after a missed deadline below it.</summary>
    Escalated = 3,
}

/// <summary>One active complaint in an agency's inbox. No reporter identity, ever.</summary>
[GenerateSerializer, Immutable, Alias("lapor.InboxItem")]
public sealed record InboxItem(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] ComplaintStatus Status,
    [property: Id(2)] InboxRole Role,
    [property: Id(3)] string Title,
    [property: Id(4)] string Category,
    [property: Id(5)] DeadlineStep? Step,
    [property: Id(6)] DateTimeOffset? DueAt,
    [property: Id(7)] bool Escalated,
    [property: Id(8)] DateTimeOffset SubmittedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    /// <summary>The share of the deadline already used that the holder was warned about: 0, 50 or 75 (%).</summary>
    [property: Id(10)] int WarnedPercent = 0)
{
    /// <summary>The due instant touches a year without holiday data and may move later when the data arrives.</summary>
    [Id(11)] public bool ProvisionalDeadline { get; init; }

    /// <summary>Kind of report, for the inbox filter.</summary>
    [Id(12)] public ReportKind Kind { get; init; }
    /// <summary>How the report came in, for the inbox filter.</summary>
    [Id(13)] public Channel Channel { get; init; }
    /// <summary>BPS region code of the incident (never the reporter's address), for the inbox filter.</summary>
    [Id(14)] public string RegionCode { get; init; } = "";

    /// <summary>Whether the step's due time has passed at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => DueAt is { } due && due < now;
}

/// <summary>An escalation this agency received.</summary>
[GenerateSerializer, Immutable, Alias("lapor.EscalationRecord")]
public sealed record EscalationRecord(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] DeadlineStep Step,
    [property: Id(2)] string FromAgencyId,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] DateTimeOffset MissedDueAt,
    [property: Id(5)] bool NationalIntervention);

/// <summary>Running totals of one agency.</summary>
[GenerateSerializer, Immutable, Alias("lapor.AgencyCounters")]
public sealed record AgencyCounters(
    [property: Id(0)] long Received,
    [property: Id(1)] long FollowedUp,
    [property: Id(2)] long Resolved,
    [property: Id(3)] long Breached,
    [property: Id(4)] long Escalated)
{
    public static readonly AgencyCounters Zero = new(0, 0, 0, 0, 0);

    public AgencyCounters Add(AgencyCounters d) =>
        new(Received + d.Received, FollowedUp + d.FollowedUp, Resolved + d.Resolved, Breached + d.Breached, Escalated + d.Escalated);

    public bool IsZero() => this == Zero;
}

/// <summary>
/// A complaint tells an agency what changed for it. Versioned so a repeat delivery (after a crash between the
/// complaint's write and the call) changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.ComplaintNotice")]
public sealed record ComplaintNotice(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] int Version,
    /// <summary>The complaint's line in this inbox, or null when it leaves the inbox.</summary>
    [property: Id(2)] InboxItem? Item,
    [property: Id(3)] AgencyCounters Counters,
    [property: Id(4)] EscalationRecord? Escalation)
{
    /// <summary>Monev facts for this agency from this change (docs/monev.md); empty in notices stored before monev.</summary>
    [Id(5)] public ImmutableArray<Monev.MonevFact> Facts { get; init; } = [];
}

/// <summary>
/// One page of an inbox. <see cref="Total"/> counts every complaint in the inbox (unfiltered);
/// <see cref="NextCursor"/> continues the same query after the last item, null on the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.InboxPage")]
public sealed record InboxPage(
    [property: Id(0)] int Total,
    [property: Id(1)] ImmutableArray<InboxItem> Items)
{
    [Id(2)] public string? NextCursor { get; init; }
}

/// <summary>An agency's own figures and its place in the tree.</summary>
[GenerateSerializer, Immutable, Alias("lapor.AgencySummary")]
public sealed record AgencySummary(
    [property: Id(0)] AgencyProfile Profile,
    [property: Id(1)] ImmutableArray<string> Children,
    [property: Id(2)] AgencyCounters Counters,
    [property: Id(3)] int ActiveComplaints,
    [property: Id(4)] int EscalationsReceived);

/// <summary>An agency's place in the tree: its profile and the agencies directly below it (no counters, nothing read).</summary>
[GenerateSerializer, Immutable, Alias("lapor.AgencyPlace")]
public sealed record AgencyPlace(
    [property: Id(0)] AgencyProfile Profile,
    [property: Id(1)] ImmutableArray<string> Children);

/// <summary>An agency's profile with its subtree's figures for one query: a row of its parent's ranking, in one call.</summary>
[GenerateSerializer, Immutable, Alias("lapor.AgencyMonevRow")]
public sealed record AgencyMonevRow(
    [property: Id(0)] AgencyProfile Profile,
    [property: Id(1)] Monev.MonevReport Report);

/// <summary>
/// A child's row in its parent's ranking: its profile, its subtree's figures summed over one query's range, and the
/// complaints open in its subtree. Small enough that a parent answers its whole ranking in one call.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.MonevStanding")]
public sealed record MonevStanding(
    [property: Id(0)] AgencyProfile Profile,
    /// <summary>Summed over every period of the query; shared with the child's kept report, never written.</summary>
    [property: Id(1)] Monev.MonevFigures Total,
    [property: Id(2)] long Backlog);

/// <summary>Well-known agency keys.</summary>
public static class AgencyIds
{
    /// <summary>The root of the tree: Admin Nasional (KemenPANRB).</summary>
    public const string National = "nasional";
}

/// <summary>One node on the way from an agency up to the root, with what an escalation to it needs.</summary>
[GenerateSerializer, Immutable, Alias("lapor.PathNode")]
public sealed record PathNode(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] AgencyZone Zone,
    /// <summary>The fresh limit this node gets when a complaint escalates to it.</summary>
    [property: Id(2)] SlaLimit EscalatedLimit,
    /// <summary>The agency's name when the path was taken (null in paths stored before names were kept).</summary>
    [property: Id(3)] string? Name = null)
{
    /// <summary>What a person reads for this agency: its name, or its key in a path stored without one.</summary>
    public string Label => Name ?? AgencyId;
}
