using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Notifications;

/// <summary>What a complaint looked like before a change, as far as notifications need to know.</summary>
public sealed class NotificationSnapshot
{
    internal int Version { get; init; }
    internal int TimelineCount { get; init; }
    internal ComplaintStatus Status { get; init; }
    internal List<(Track Track, DeadlineClock? Clock)> Clocks { get; init; } = [];
}

/// <summary>
/// Derives the notification events of one accepted change from the state before and after it, and queues them in
/// the complaint's state so they are stored with the change (docs/operations.md, "Notifications"). Redaction is
/// decided here, once: agencies never get the reporter's identity nor (for a <i>rahasia</i> report) its title; the
/// reporter never gets an officer's account. Nothing here names an actor.
/// </summary>
public static class NotificationEvents
{
    public static NotificationSnapshot Before(ComplaintState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new NotificationSnapshot
        {
            Version = s.Version,
            TimelineCount = s.Timeline.Count,
            Status = s.Status,
            Clocks = [.. Tracks(s).Select(t => (t, t.Clock))],
        };
    }

    /// <summary>Adds this change's events (if any) to <see cref="ComplaintState.Notifications"/>.</summary>
    public static void Queue(ComplaintState s, NotificationSnapshot before, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(before);
        if (s.Version == before.Version)
        {
            return;
        }

        var events = new List<(string Kind, string AgencyId)>();
        void Add(string kind, string? agencyId)
        {
            if (!string.IsNullOrEmpty(agencyId) && !events.Contains((kind, agencyId)))
            {
                events.Add((kind, agencyId));
            }
        }

        var primary = s.PrimaryAssignment;
        foreach (var entry in s.Outbox.Where(e => e.Notice.Version == s.Version))
        {
            foreach (var fact in entry.Notice.Facts)
            {
                switch (fact.Kind)
                {
                    case MonevFactKind.Assigned:
                        Add(primary is not null && (primary.AgencyId == entry.AgencyId || primary.UnitId == entry.AgencyId)
                            ? NotificationKinds.Routed : NotificationKinds.RelatedAssigned, entry.AgencyId);
                        break;
                    case MonevFactKind.Breach:
                        Add(NotificationKinds.Breach, entry.AgencyId);
                        break;
                    case MonevFactKind.Escalation:
                        Add(NotificationKinds.Escalated, entry.AgencyId);
                        break;
                    case MonevFactKind.Reopened:
                        Add(NotificationKinds.Reopened, entry.AgencyId);
                        break;
                    case MonevFactKind.Rated:
                        Add(NotificationKinds.Rated, entry.AgencyId);
                        break;
                }
            }

            if (entry.Notice.Escalation is { NationalIntervention: true })
            {
                Add(NotificationKinds.NationalIntervention, entry.AgencyId);
                Add(NotificationKinds.NationalIntervention, primary?.AgencyId);
            }
        }

        // Warnings are no monev fact: a clock that kept its start but newly passed 50 % or 75 % names its holder.
        foreach (var (track, was) in before.Clocks)
        {
            if (was is null || track.Clock is not { } clock || clock.Step != was.Step || clock.StartedAt != was.StartedAt)
            {
                continue;
            }

            if (clock.Warned75 && !was.Warned75)
            {
                Add(NotificationKinds.Warning75, track.Holder.AgencyId);
            }
            else if (clock.Warned50 && !was.Warned50)
            {
                Add(NotificationKinds.Warning50, track.Holder.AgencyId);
            }
        }

        if (s.Timeline.Skip(before.TimelineCount).Any(e => e.Action is "reporter-reply" or "information-supplied"))
        {
            if (primary is not null)
            {
                Add(NotificationKinds.ReporterReplied, primary.Track.Holder.AgencyId);
                Add(NotificationKinds.ReporterReplied, primary.UnitId ?? primary.AgencyId);
            }
            else
            {
                Add(NotificationKinds.ReporterReplied, s.Intake?.Holder.AgencyId);
            }
        }

        foreach (var (kind, agencyId) in events)
        {
            s.Notifications.Add(new NotificationEvent(kind, agencyId, s.Version, now, AgencyPayload(s, kind, agencyId, now), null));
        }

        if (s.Status != before.Status && s.Contact is { NotifyStatus: true, Email: { Length: > 0 } email })
        {
            s.Notifications.Add(new NotificationEvent(NotificationKinds.StatusChanged, "", s.Version, now, ReporterPayload(s, now), email));
        }
    }

    private static IEnumerable<Track> Tracks(ComplaintState s)
    {
        if (s.Intake is { } intake)
        {
            yield return intake;
        }

        foreach (var a in s.Assignments)
        {
            yield return a.Track;
        }
    }

    /// <summary>What an agency is told: the case, its status and the deadline it holds; never who reported it.</summary>
    private static string AgencyPayload(ComplaintState s, string kind, string agencyId, DateTimeOffset now)
    {
        var json = Common(s, kind, now);
        json["agencyId"] = agencyId;
        if (!s.Confidential && s.Report is { } report)
        {
            json["title"] = report.Title;
            json["category"] = report.Category;
        }

        var track = Tracks(s).FirstOrDefault(t => t.Clock is not null && t.Holder.AgencyId == agencyId)
            ?? Tracks(s).FirstOrDefault(t => t.Clock is not null && t.Contains(agencyId))
            ?? s.PrimaryAssignment?.Track;
        json["deadline"] = Deadline(track);
        return json.ToJsonString();
    }

    /// <summary>What the reporter is told: the status and which agency holds it; never an officer.</summary>
    private static string ReporterPayload(ComplaintState s, DateTimeOffset now)
    {
        var json = Common(s, NotificationKinds.StatusChanged, now);
        json["deadline"] = Deadline(s.PrimaryAssignment?.Track ?? s.Intake);
        return json.ToJsonString();
    }

    private static JsonObject Common(ComplaintState s, string kind, DateTimeOffset now) => new()
    {
        ["type"] = kind,
        ["trackingCode"] = s.Id,
        ["version"] = s.Version,
        ["occurredAt"] = now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["status"] = JsonNamingPolicy.CamelCase.ConvertName(s.Status.ToString()),
        ["statusLabel"] = StatusLabels.Label(s.Status),
        ["confidential"] = s.Confidential,
    };

    private static JsonObject? Deadline(Track? track)
    {
        if (track?.Clock is not { } clock)
        {
            return null;
        }

        var holder = track.Holder;
        var local = IndonesianZones.ToLocal(clock.DueAt, holder.Zone);
        return new JsonObject
        {
            ["step"] = JsonNamingPolicy.CamelCase.ConvertName(clock.Step.ToString()),
            ["holderAgencyId"] = holder.AgencyId,
            ["dueAt"] = clock.DueAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["zone"] = IndonesianZones.Label(holder.Zone),
            ["dueLocal"] = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + IndonesianZones.Label(holder.Zone),
        };
    }
}
