using System.Collections.Immutable;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Complaints;

/// <summary>
/// Everything read from a complaint: its lines in agency inboxes, its public summary, and the view each kind of
/// reader may see. Redaction lives here and only here, so every read path applies the same rules.
/// </summary>
public static class ComplaintProjections
{
    /// <summary>The timeline action of the reporter's data being erased (docs/domain.md §5.1).</summary>
    public const string ReporterDataErasedAction = "reporter-data-erased";

    /// <summary>Which agencies hold the complaint in their inbox now, and with what line.</summary>
    public static Dictionary<string, InboxItem> Inbox(ComplaintState s, DateTimeOffset now)
    {
        var items = new Dictionary<string, InboxItem>(StringComparer.Ordinal);
        if (!s.Exists || ComplaintRules.IsTerminal(s.Status))
        {
            return items;
        }

        void Put(string agencyId, InboxRole role, Track track)
        {
            var clock = track.Clock;
            var item = new InboxItem(s.Id, s.Status, role, s.Report!.Title, s.Report.Category, clock?.Step, clock?.DueAt,
                clock?.Escalations > 0, s.SubmittedAt, now,
                clock is null ? 0 : clock.Warned75 ? 75 : clock.Warned50 ? 50 : 0)
            {
                Kind = s.Report.Kind,
                Channel = s.Report.Channel,
                RegionCode = s.Report.Location.RegionCode,
                ProvisionalDeadline = clock?.Provisional == true,
            };
            if (!items.TryGetValue(agencyId, out var existing) || (item.DueAt ?? DateTimeOffset.MaxValue) < (existing.DueAt ?? DateTimeOffset.MaxValue))
            {
                items[agencyId] = item;
            }
        }

        if (s.Intake is { } intake && s.Status is ComplaintStatus.Submitted or ComplaintStatus.OnHold or ComplaintStatus.Bounced)
        {
            Put(intake.AssigneeId, InboxRole.Verification, intake);
            if (intake.HolderIndex > 0)
            {
                Put(intake.Holder.AgencyId, InboxRole.Escalated, intake);
            }
        }

        foreach (var assignment in s.Assignments)
        {
            var track = assignment.Track;
            var agencyIndex = Math.Max(0, track.Path.IndexOf(track.Path.First(n => n.AgencyId == assignment.AgencyId)));
            for (var i = 0; i <= agencyIndex; i++)
            {
                Put(track.Path[i].AgencyId, assignment.Primary ? InboxRole.Primary : InboxRole.Related, track);
            }

            if (track.HolderIndex > agencyIndex)
            {
                Put(track.Holder.AgencyId, InboxRole.Escalated, track);
            }
        }

        return items;
    }

    public static bool IsPublished(ComplaintState s) =>
        s.Exists && !s.Confidential && ComplaintRules.IsPublishedStatus(s.Status);

    public static PublicSummary? PublicSummaryOf(ComplaintState s, DateTimeOffset now) =>
        IsPublished(s)
            ? new PublicSummary(s.Id, s.Report!.Title, s.Report.Kind, s.Report.Category, s.Status, StatusLabels.Label(s.Status),
                s.PrimaryAssignment?.AgencyId, s.SubmittedAt, now)
            : null;

    /// <summary>Every agency that may act on or read the complaint as staff: each track's chain up to the root.</summary>
    public static ComplaintScope Scope(ComplaintState s)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal) { s.VerifierId };
        if (s.Intake is { } intake)
        {
            ids.UnionWith(intake.Path.Select(n => n.AgencyId));
        }

        foreach (var assignment in s.Assignments)
        {
            ids.UnionWith(assignment.Track.Path.Select(n => n.AgencyId));
        }

        return new ComplaintScope(s.Id, s.Status, s.Version, [.. ids], IsPublished(s));
    }

    /// <summary>
    /// The complaint as <paramref name="viewer"/> may see it, or null when they may not see it at all.
    /// Public: only published, never rahasia, never who reported, no coordinates, public timeline entries only.
    /// Staff and overseers: content, but never an anonymous reporter's identity. The reporter: everything of theirs.
    /// </summary>
    public static ComplaintView? View(ComplaintState s, Viewer viewer)
    {
        if (!s.Exists)
        {
            return null;
        }

        if (viewer.Kind == ViewerKind.Public && !IsPublished(s))
        {
            return null;
        }

        var report = s.Report!;
        var isStaff = viewer.Kind is ViewerKind.Staff or ViewerKind.Overseer;
        var showIdentity = viewer.Kind == ViewerKind.Reporter || (isStaff && !s.Anonymous);
        var location = viewer.Kind == ViewerKind.Public
            ? report.Location with { Latitude = null, Longitude = null }
            : report.Location;

        var visible = viewer.Kind switch
        {
            ViewerKind.Public => new[] { EntryVisibility.Public },
            ViewerKind.Reporter => [EntryVisibility.Public, EntryVisibility.ReporterAndStaff],
            _ => [EntryVisibility.Public, EntryVisibility.ReporterAndStaff, EntryVisibility.Internal],
        };

        var timeline = s.Timeline
            .Where(e => visible.Contains(e.Visibility))
            // Of an anonymous reporter, staff learn nothing: not even that there was a contact to erase (§5.1).
            .Where(e => showIdentity || e.Action != ReporterDataErasedAction)
            // Outside staff, officers are named by their agency only.
            .Select(e => isStaff || e.ActorRole is ActorRole.Reporter or ActorRole.System ? e : e with { ActorId = e.ActorAgencyId ?? "instansi" })
            // Attachments are for the reporter and staff only, never the public (docs/domain.md §2).
            .Select(e => viewer.Kind == ViewerKind.Public && e.Attachments is not null ? e with { Attachments = null } : e)
            .ToImmutableArray();

        return new ComplaintView
        {
            Id = s.Id,
            Version = s.Version,
            Status = s.Status,
            StatusLabel = StatusLabels.Label(s.Status),
            SubmittedAt = s.SubmittedAt,
            Kind = report.Kind,
            Channel = report.Channel,
            Category = report.Category,
            Anonymous = s.Anonymous,
            Confidential = s.Confidential,
            LateFiling = s.LateFiling,
            Title = report.Title,
            Body = report.Body,
            IncidentDate = report.IncidentDate,
            Location = location,
            Reporter = showIdentity ? s.Contact : null,
            TargetAgencyId = report.TargetAgencyId,
            ResolutionClass = s.ResolutionClass,
            Assignments = [.. s.Assignments.Select(a => new AssignmentView(a.AgencyId, a.UnitId, a.Primary, a.RoutedAt,
                a.FirstResponseAt, a.ResolvedAt, DeadlineOf(a.Track)))],
            Deadline = s.Intake is { } intake ? DeadlineOf(intake) : null,
            Timeline = timeline,
            NationalIntervention = s.NationalIntervention && viewer.Kind != ViewerKind.Public,
            Rating = s.Rating,
            ReopenCount = s.ReopenCount,
            ClosedAt = s.ClosedAt,
            Source = showIdentity ? report.Source : null,
            ReporterDataErasedAt = showIdentity ? s.ReporterDataErasedAt : null,
        };
    }

    private static DeadlineView? DeadlineOf(Track track) =>
        track.Clock is { } c
            ? new DeadlineView(c.Step, track.Holder.AgencyId, c.StartedAt, c.DueAt, c.Limit, c.Escalations, c.PausedAt is not null)
            {
                Rule = c.Rule,
                CeilingAt = c.CeilingAt,
                Provisional = c.Provisional,
            }
            : null;
}
