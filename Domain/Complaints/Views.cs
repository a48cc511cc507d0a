using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Complaints;

/// <summary>Who is reading: decides what a view may contain (redaction of anonim and rahasia).</summary>
[Alias("lapor.ViewerKind")]
public enum ViewerKind
{
    Public = 0,
    Reporter = 1,
    /// <summary>Staff of an agency in the complaint's chain, or Admin Nasional.</summary>
    Staff = 2,
    /// <summary>Read-only oversight.</summary>
    Overseer = 3,
}

[GenerateSerializer, Immutable, Alias("lapor.Viewer")]
public sealed record Viewer([property: Id(0)] ViewerKind Kind, [property: Id(1)] Actor? Actor)
{
    public static readonly Viewer Public = new(ViewerKind.Public, null);
    public static readonly Viewer Reporter = new(ViewerKind.Reporter, Actor.Reporter);
}

/// <summary>Who a timeline entry is shown to.</summary>
[Alias("lapor.EntryVisibility")]
public enum EntryVisibility
{
    /// <summary>Everyone who may see the complaint, the public included (unless rahasia).</summary>
    Public = 0,
    /// <summary>The reporter and staff, not the public (e.g. a hold request, the Ombudsman notice).</summary>
    ReporterAndStaff = 1,
    /// <summary>Staff only (internal notes, warnings).</summary>
    Internal = 2,
}

/// <summary>One immutable line of a complaint's history.</summary>
[GenerateSerializer, Immutable, Alias("lapor.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] int Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Action,
    [property: Id(3)] string ActorId,
    [property: Id(4)] ActorRole ActorRole,
    [property: Id(5)] string? ActorAgencyId,
    [property: Id(6)] ComplaintStatus From,
    [property: Id(7)] ComplaintStatus To,
    [property: Id(8)] string? Message,
    [property: Id(9)] EntryVisibility Visibility)
{
    /// <summary>Ids of the attachments this entry carries (bounded; never shown to the public).</summary>
    [Id(10)] public ImmutableArray<string>? Attachments { get; init; }
}

/// <summary>A pending deadline as shown to readers.</summary>
[GenerateSerializer, Immutable, Alias("lapor.DeadlineView")]
public sealed record DeadlineView(
    [property: Id(0)] DeadlineStep Step,
    [property: Id(1)] string HolderAgencyId,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] SlaLimit Limit,
    [property: Id(5)] int Escalations,
    [property: Id(6)] bool Paused)
{
    /// <summary>Which rule set <see cref="DueAt"/>: the step's limit or the 60-day resolution ceiling.</summary>
    [Id(7)] public DeadlineRule Rule { get; init; }
    /// <summary>The 60-day resolution ceiling (Perpres 76/2013), for resolution deadlines.</summary>
    [Id(8)] public DateTimeOffset? CeilingAt { get; init; }
    /// <summary>The span touches a year without holiday data: only weekends were skipped there.</summary>
    [Id(9)] public bool Provisional { get; init; }
}

[GenerateSerializer, Immutable, Alias("lapor.AssignmentView")]
public sealed record AssignmentView(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] string? UnitId,
    [property: Id(2)] bool Primary,
    [property: Id(3)] DateTimeOffset RoutedAt,
    [property: Id(4)] DateTimeOffset? FirstResponseAt,
    [property: Id(5)] DateTimeOffset? ResolvedAt,
    [property: Id(6)] DeadlineView? Deadline);

/// <summary>A complaint as one viewer may see it. Redacted fields are null, never placeholders that leak length.</summary>
[GenerateSerializer, Immutable, Alias("lapor.ComplaintView")]
public sealed record ComplaintView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required int Version { get; init; }
    [Id(2)] public required ComplaintStatus Status { get; init; }
    [Id(3)] public required string StatusLabel { get; init; }
    [Id(4)] public required DateTimeOffset SubmittedAt { get; init; }
    [Id(5)] public required ReportKind Kind { get; init; }
    [Id(6)] public required Channel Channel { get; init; }
    [Id(7)] public required string Category { get; init; }
    [Id(8)] public required bool Anonymous { get; init; }
    [Id(9)] public required bool Confidential { get; init; }
    [Id(10)] public required bool LateFiling { get; init; }
    /// <summary>Null when the viewer may not see the content (rahasia for the public).</summary>
    [Id(11)] public string? Title { get; init; }
    [Id(12)] public string? Body { get; init; }
    [Id(13)] public DateOnly? IncidentDate { get; init; }
    [Id(14)] public Location? Location { get; init; }
    /// <summary>Null unless the viewer may know who reported (never for anonim, except the reporter).</summary>
    [Id(15)] public ReporterContact? Reporter { get; init; }
    [Id(16)] public string? TargetAgencyId { get; init; }
    [Id(17)] public ResolutionClass? ResolutionClass { get; init; }
    [Id(18)] public ImmutableArray<AssignmentView> Assignments { get; init; } = [];
    [Id(19)] public DeadlineView? Deadline { get; init; }
    [Id(20)] public ImmutableArray<TimelineEntry> Timeline { get; init; } = [];
    [Id(21)] public bool NationalIntervention { get; init; }
    [Id(22)] public int? Rating { get; init; }
    [Id(23)] public int ReopenCount { get; init; }
    [Id(24)] public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>The outside reference (social-media post, gateway message); null wherever <see cref="Reporter"/> is hidden.</summary>
    [Id(25)] public ReportSource? Source { get; init; }
    /// <summary>When the reporter's personal data was erased (docs/domain.md §5.1); never shown to the public.</summary>
    [Id(26)] public DateTimeOffset? ReporterDataErasedAt { get; init; }
}

/// <summary>What the front door's authorization needs to decide agency scope, without the content.</summary>
[GenerateSerializer, Immutable, Alias("lapor.ComplaintScope")]
public sealed record ComplaintScope(
    [property: Id(0)] string Id,
    [property: Id(1)] ComplaintStatus Status,
    [property: Id(2)] int Version,
    /// <summary>Every agency that may act on the complaint now: each assignee's chain up to the root, and the verifier's.</summary>
    [property: Id(3)] ImmutableArray<string> AgencyIds,
    [property: Id(4)] bool Published);
