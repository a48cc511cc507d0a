using System.Collections.Frozen;

namespace Lapor.Domain.Complaints;

/// <summary>
/// The guard table of docs/domain.md §3.2: for each action, who may take it and in which states. The machine consults it
/// before anything else; the tests walk every cell of it.
/// </summary>
public static class ComplaintRules
{
    public sealed record Rule(string Name, FrozenSet<ActorRole> Roles, FrozenSet<ComplaintStatus> States);

    private static Rule R(string name, ActorRole[] roles, params ComplaintStatus[] states) =>
        new(name, roles.ToFrozenSet(), states.ToFrozenSet());

    private static readonly ActorRole[] Admins = [ActorRole.NationalAdmin, ActorRole.AgencyAdmin];
    private static readonly ActorRole[] Handlers = [ActorRole.AgencyAdmin, ActorRole.Officer];
    private static readonly ActorRole[] ReporterOnly = [ActorRole.Reporter];
    private static readonly ActorRole[] AgencyAdminOnly = [ActorRole.AgencyAdmin];

    public static readonly FrozenDictionary<Type, Rule> ByAction = new Dictionary<Type, Rule>
    {
        [typeof(RouteAction)] = R("route", Admins, ComplaintStatus.Submitted, ComplaintStatus.Bounced),
        [typeof(HoldAction)] = R("hold", Admins, ComplaintStatus.Submitted),
        [typeof(ArchiveAction)] = R("archive", Admins, ComplaintStatus.Submitted, ComplaintStatus.OnHold, ComplaintStatus.Bounced),
        [typeof(SupplyInformationAction)] = R("supply-information", ReporterOnly, ComplaintStatus.OnHold),
        [typeof(RouteToUnitAction)] = R("route-to-unit", Admins, ComplaintStatus.Routed, ComplaintStatus.InProgress),
        [typeof(NotOurAuthorityAction)] = R("not-our-authority", AgencyAdminOnly, ComplaintStatus.Routed, ComplaintStatus.InProgress),
        [typeof(FollowUpAction)] = R("follow-up", Handlers, ComplaintStatus.Routed, ComplaintStatus.InProgress, ComplaintStatus.Resolved),
        [typeof(ResolveAction)] = R("resolve", Handlers, ComplaintStatus.Routed, ComplaintStatus.InProgress),
        [typeof(AddRelatedAgencyAction)] = R("add-related-agency", Admins, ComplaintStatus.Routed, ComplaintStatus.InProgress),
        [typeof(ReplyAction)] = R("reply", ReporterOnly, ComplaintStatus.Submitted, ComplaintStatus.Routed, ComplaintStatus.Bounced, ComplaintStatus.InProgress, ComplaintStatus.Resolved),
        [typeof(ConfirmAction)] = R("confirm", ReporterOnly, ComplaintStatus.Resolved),
        [typeof(RateAction)] = R("rate", ReporterOnly, ComplaintStatus.Closed),
        [typeof(ReopenAction)] = R("reopen", ReporterOnly, ComplaintStatus.Closed),
        [typeof(ErasePersonalDataAction)] = R("erase-personal-data", ReporterOnly, Enum.GetValues<ComplaintStatus>()),
    }.ToFrozenDictionary();

    public static Rule For(ComplaintAction action) =>
        ByAction.TryGetValue(action.GetType(), out var rule)
            ? rule
            : throw new ArgumentException($"No rule for {action.GetType().Name}.", nameof(action));

    /// <summary>States in which a complaint is published to the public (unless rahasia).</summary>
    public static bool IsPublishedStatus(ComplaintStatus status) =>
        status is ComplaintStatus.Routed or ComplaintStatus.InProgress or ComplaintStatus.Resolved or ComplaintStatus.Closed;

    /// <summary>The most attachment ids one timeline entry carries (grain state stays bounded; settings may only lower it).</summary>
    public const int MaxAttachmentsPerEntry = 10;

    /// <summary>Messages that may carry attachments: the reporter's replies and information, staff follow-ups and resolutions.</summary>
    public static bool AcceptsAttachments(ComplaintAction action) =>
        action is ReplyAction or SupplyInformationAction or FollowUpAction or ResolveAction;

    public static bool IsTerminal(ComplaintStatus status) =>
        status is ComplaintStatus.Closed or ComplaintStatus.Archived;
}
