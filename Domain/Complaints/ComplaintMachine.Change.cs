using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Complaints;

/// <summary>The effects of one accepted change: timeline, monev facts, counters, agency notices and the public line.</summary>
public sealed partial class ComplaintMachine
{
    /// <summary>Journals a monev fact for an agency, measured now (docs/monev.md).</summary>
    private void Fact(Change change, string agencyId, AgencyZone zone, MonevFact fact) =>
        change.Fact(agencyId, MonevFacts.Measure(fact with { Zone = zone }, calendar));

    /// <summary>A fact for an assignment's agency and, when routed on to a unit, for the unit too.</summary>
    private void AssignmentFact(Change change, Assignment? assignment, Func<AgencyZone, MonevFact> fact)
    {
        if (assignment is null)
        {
            return;
        }

        var zone = MonevFacts.ZoneOf(assignment.Track, assignment.AgencyId);
        Fact(change, assignment.AgencyId, zone, fact(zone));
        if (assignment.UnitId is { } unitId)
        {
            var unitZone = MonevFacts.ZoneOf(assignment.Track, unitId);
            Fact(change, unitId, unitZone, fact(unitZone));
        }
    }

    private static MonevFact ReceivedFact(ComplaintState s, Change change) => new(MonevFactKind.Received, change.Now, default)
    {
        Channel = s.Report!.Channel,
        Category = s.Report.Category,
        ReportKind = s.Report.Kind,
    };

    /// <summary>What one accepted change does besides mutating the state.</summary>
    private sealed class Change(DateTimeOffset now, Dictionary<string, InboxItem> before, PublicSummary? publishedBefore)
    {
        public DateTimeOffset Now { get; } = now;
        public Dictionary<string, InboxItem> Before { get; } = before;
        public PublicSummary? PublishedBefore { get; } = publishedBefore;
        public Dictionary<string, EscalationRecord> Escalations { get; } = [];
        public Dictionary<string, List<MonevFact>> Facts { get; } = [];

        public void Fact(string agencyId, MonevFact fact)
        {
            if (!Facts.TryGetValue(agencyId, out var list))
            {
                Facts[agencyId] = list = [];
            }

            list.Add(fact);
        }


        public void Escalate(string agencyId, EscalationRecord record) => Escalations[agencyId] = record;
    }

    private static Change Begin(ComplaintState s, DateTimeOffset now) =>
        new(now, ComplaintProjections.Inbox(s, now), ComplaintProjections.PublicSummaryOf(s, now));

    private static void Record(ComplaintState s, Change change, string action, Actor actor, ComplaintStatus to, string? message, EntryVisibility visibility)
    {
        s.Timeline.Add(new TimelineEntry(s.Timeline.Count + 1, change.Now, action, actor.Id, actor.Role, actor.AgencyId,
            s.Status, to, message, visibility));
        s.Status = to;
    }

    /// <summary>The running counters are a tally of the monev facts, so the two can never disagree.</summary>
    private static AgencyCounters CountersOf(List<MonevFact> facts) => new(
        Received: facts.Count(f => f.Kind == MonevFactKind.Received),
        FollowedUp: facts.Count(f => f.Kind == MonevFactKind.FirstResponse),
        Resolved: facts.Count(f => f.Kind == MonevFactKind.Resolved),
        Breached: facts.Count(f => f.Kind == MonevFactKind.Breach),
        Escalated: facts.Count(f => f.Kind == MonevFactKind.Escalation));

    /// <summary>Bumps the version and queues what agencies and the public feed must learn from this change.</summary>
    private static void Commit(ComplaintState s, Change change)
    {
        s.Version++;
        var after = ComplaintProjections.Inbox(s, change.Now);
        var agencies = change.Before.Keys.Union(after.Keys).Union(change.Escalations.Keys)
            .Union(change.Facts.Keys).Order(StringComparer.Ordinal);
        foreach (var agencyId in agencies)
        {
            var was = change.Before.GetValueOrDefault(agencyId);
            var now = after.GetValueOrDefault(agencyId);
            var escalation = change.Escalations.GetValueOrDefault(agencyId);
            var itemChanged = !Equals(was is null ? null : was with { UpdatedAt = default }, now is null ? null : now with { UpdatedAt = default });
            var facts = change.Facts.GetValueOrDefault(agencyId) ?? [];
            var counters = CountersOf(facts);
            s.MonevJournal.AddRange(facts.Select(f => new MonevJournalEntry(agencyId, s.Version, f)));
            if (itemChanged || !counters.IsZero() || escalation is not null || facts.Count > 0)
            {
                s.Outbox.Add(new OutboxEntry(agencyId, new ComplaintNotice(s.Id, s.Version, now, counters, escalation) { Facts = [.. facts] }));
            }
        }

        var published = ComplaintProjections.PublicSummaryOf(s, change.Now);
        if (!Equals(published is null ? null : published with { UpdatedAt = default },
                change.PublishedBefore is null ? null : change.PublishedBefore with { UpdatedAt = default }))
        {
            s.PendingPublication = new PendingPublication(s.Version, published);
        }
    }
}
