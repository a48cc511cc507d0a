using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Complaints;

/// <summary>A new report as accepted by the front door (already validated there and again in the grain).</summary>
[GenerateSerializer, Immutable, Alias("lapor.SubmitComplaint")]
public sealed record SubmitComplaint(
    [property: Id(0)] ReportData Report,
    [property: Id(1)] ReporterContact? Contact,
    /// <summary>Hash of the request, so a retry with the same idempotency key but other content is refused.</summary>
    [property: Id(2)] string RequestHash,
    /// <summary>SHA-256 of the reporter's secret (the secret itself is never stored).</summary>
    [property: Id(3)] string SecretHash)
{
    /// <summary>Ids of uploaded attachments the first timeline entry carries (bytes and names live in the attachment store).</summary>
    [Id(4)] public ImmutableArray<string>? Attachments { get; init; }
}

/// <summary>Every state change on a complaint after submission. One record per transition of docs/domain.md §3.2.</summary>
[GenerateSerializer, Immutable, Alias("lapor.ComplaintAction")]
public abstract record ComplaintAction
{
    /// <summary>
    /// Ids of uploaded attachments the action's timeline entry carries: replies, supplied information, follow-ups and
    /// resolutions only (<see cref="ComplaintRules.AcceptsAttachments"/>), at most <see cref="ComplaintRules.MaxAttachmentsPerEntry"/>.
    /// </summary>
    [Id(0)] public ImmutableArray<string>? Attachments { get; init; }
}

/// <summary>Disposisi: verify and route to the competent agency (also re-routes a bounced one).</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Route")]
public sealed record RouteAction(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] ResolutionClass ResolutionClass,
    [property: Id(2)] string? Note,
    /// <summary>Admins may set anonim/rahasia at verification (docs/domain.md §3.3, §5); null keeps the reporter's choice.</summary>
    [property: Id(3)] bool? Anonymous,
    [property: Id(4)] bool? Confidential,
    /// <summary>
    /// Re-routing after "bukan wewenang" while related agencies hold copies: whether their assignments stop or
    /// continue. Required then; ignored otherwise.
    /// </summary>
    [property: Id(5)] RelatedOnReroute? RelatedAssignments = null) : ComplaintAction;

/// <summary>What happens to the related agencies' copies when a bounced complaint is routed again.</summary>
[Alias("lapor.RelatedOnReroute")]
public enum RelatedOnReroute
{
    /// <summary>The copies run on with their own deadlines.</summary>
    Continue = 0,
    /// <summary>The copies end; the related agencies drop the complaint from their inbox.</summary>
    Stop = 1,
}

/// <summary>Tunda: ask the reporter for missing information; pauses the verification clock.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Hold")]
public sealed record HoldAction([property: Id(0)] string Message) : ComplaintAction;

/// <summary>The reporter supplies what was missing; the verification clock resumes.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.SupplyInformation")]
public sealed record SupplyInformationAction([property: Id(0)] string Message) : ComplaintAction;

/// <summary>Arsipkan with a reason (unclear, out of scope, duplicate).</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Archive")]
public sealed record ArchiveAction([property: Id(0)] string Reason) : ComplaintAction;

/// <summary>The agency routes its assignment on to one of its work units.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.RouteToUnit")]
public sealed record RouteToUnitAction([property: Id(0)] string UnitId, [property: Id(1)] string? Note) : ComplaintAction;

/// <summary>Bukan wewenang: the agency hands the complaint back to Admin Nasional for re-routing.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.NotOurAuthority")]
public sealed record NotOurAuthorityAction([property: Id(0)] string Reason) : ComplaintAction;

/// <summary>Tindak lanjut: the first response, or a further follow-up, from the actor's agency.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.FollowUp")]
public sealed record FollowUpAction([property: Id(0)] string Message) : ComplaintAction;

/// <summary>The actor's agency resolves its assignment; the primary's resolution resolves the report.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Resolve")]
public sealed record ResolveAction([property: Id(0)] string Message) : ComplaintAction;

/// <summary>Cross-sector: a related agency receives a copy with its own deadlines.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.AddRelatedAgency")]
public sealed record AddRelatedAgencyAction([property: Id(0)] string AgencyId, [property: Id(1)] string? Note) : ComplaintAction;

/// <summary>The reporter writes to the agency. A reply to a resolved complaint keeps it open.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Reply")]
public sealed record ReplyAction([property: Id(0)] string Message) : ComplaintAction;

/// <summary>The reporter confirms the resolution and may rate it (1–5).</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Confirm")]
public sealed record ConfirmAction([property: Id(0)] int? Rating, [property: Id(1)] string? Comment) : ComplaintAction;

/// <summary>The reporter rates a closed complaint (1–5).</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Rate")]
public sealed record RateAction([property: Id(0)] int Rating, [property: Id(1)] string? Comment) : ComplaintAction;

/// <summary>The reporter is not satisfied and reopens a closed complaint (within the reopen window).</summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.Reopen")]
public sealed record ReopenAction([property: Id(0)] string Reason) : ComplaintAction;

/// <summary>
/// The reporter asks that their personal data be erased now, at any status (docs/domain.md §5.1): the report goes on
/// without a way to reach them; they follow it with the tracking code and secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.Action.ErasePersonalData")]
public sealed record ErasePersonalDataAction : ComplaintAction;

/// <summary>Why a command was refused. Mapped to HTTP status codes at the front door.</summary>
[Alias("lapor.RejectionKind")]
public enum RejectionKind
{
    /// <summary>No such complaint.</summary>
    NotFound = 0,
    /// <summary>The actor may not do this (role or agency scope): 403.</summary>
    Forbidden = 1,
    /// <summary>Not allowed in the complaint's current state: 409.</summary>
    InvalidState = 2,
    /// <summary>The caller's version is stale (If-Match): 412.</summary>
    VersionMismatch = 3,
    /// <summary>A field is invalid: 400 naming the field.</summary>
    InvalidInput = 4,
    /// <summary>An idempotency key reused with other content: 422.</summary>
    IdempotencyConflict = 5,
}

[GenerateSerializer, Immutable, Alias("lapor.Rejection")]
public sealed record Rejection(
    [property: Id(0)] RejectionKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null);

/// <summary>The outcome of a command: the new version and redacted view, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("lapor.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] ComplaintView? View,
    [property: Id(1)] Rejection? Rejection,
    /// <summary>True when an idempotent submission was replayed rather than created.</summary>
    [property: Id(2)] bool Replayed = false)
{
    public bool Succeeded => Rejection is null;
    public static CommandResult Ok(ComplaintView view, bool replayed = false) => new(view, null, replayed);
    public static CommandResult Fail(RejectionKind kind, string message, string? field = null) => new(null, new Rejection(kind, message, field));
}
