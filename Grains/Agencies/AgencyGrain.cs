using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Domain.Sla;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Agencies;

[GenerateSerializer, Alias("lapor.AgencyState")]
public sealed class AgencyState
{
    [Id(0)] public AgencyProfile? Profile { get; set; }
    [Id(1)] public List<string> Children { get; set; } = [];
    [Id(2)] public Dictionary<string, InboxItem> Inbox { get; set; } = [];
    /// <summary>Last notice version applied per complaint in the inbox; repeats at or below it change nothing.</summary>
    [Id(3)] public Dictionary<string, int> Applied { get; set; } = [];
    /// <summary>Recently departed complaints and their last version, so a late repeat is still recognised.</summary>
    [Id(4)] public Dictionary<string, int> Departed { get; set; } = [];
    [Id(5)] public Queue<string> DepartedOrder { get; set; } = [];
    [Id(6)] public AgencyCounters Counters { get; set; } = AgencyCounters.Zero;
    [Id(7)] public List<EscalationRecord> Escalations { get; set; } = [];
    [Id(8)] public int EscalationsReceived { get; set; }
    /// <summary>Monev figures of this agency alone, per local day (DayNumber in its zone).</summary>
    [Id(9)] public Dictionary<int, MonevFigures> MonevDays { get; set; } = [];
    /// <summary>Complaints with monev facts here and the last version whose facts are counted: rebuild sources.</summary>
    [Id(10)] public Dictionary<string, int> MonevVersions { get; set; } = [];
    /// <summary>Generation of the figures; a rebuild builds the next one and switches in one write.</summary>
    [Id(11)] public int MonevGeneration { get; set; }
    [Id(12)] public bool MonevRebuilding { get; set; }
    /// <summary>Facts applied while a rebuild collects journals, replayed onto the new generation when newer.</summary>
    [Id(13)] public List<MonevFactsAt> MonevRebuildLog { get; set; } = [];
}

/// <summary>
/// One node of the agency tree: its profile and SLA overrides, its inbox of active complaints, the escalations it
/// received and running counters, all kept incrementally from the notices complaints send (never by scanning).
/// </summary>
public sealed class AgencyGrain(
    [PersistentState("agency", GrainStorage.Name)] IPersistentState<AgencyState> state,
    TimeProvider time,
    IOptions<EngineOptions> options) : Grain, IAgencyGrain
{
    private const int DepartedKept = 20_000;
    private const int EscalationsKept = 500;

    private (AgencyRouting Routing, DateTimeOffset At)? _routing;

    private string Id => this.GetPrimaryKeyString();

    private GroupCommit? _commit;

    /// <summary>Notices interleave (Notify is AlwaysInterleave) and share writes; see <see cref="GroupCommit"/>.</summary>
    private Task SaveAsync() => (_commit ??= new GroupCommit(() => state.WriteStateAsync(), DeactivateOnIdle)).SaveAsync();

    public async Task<Rejection?> Define(AgencyProfile profile)
    {
        if (profile.Id != Id)
        {
            return new Rejection(RejectionKind.InvalidInput, "Kode instansi tidak sesuai dengan alamat.", "id");
        }

        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            return new Rejection(RejectionKind.InvalidInput, "Nama instansi wajib diisi.", "name");
        }

        if (SlaPolicies.Validate(profile.Policy) is { Count: > 0 } errors)
        {
            return new Rejection(RejectionKind.InvalidInput, errors[0].Message, "policy." + errors[0].Field);
        }

        var isRoot = Id == AgencyIds.National;
        if (isRoot != (profile.ParentId is null) || isRoot != (profile.Level == AgencyLevel.National))
        {
            return new Rejection(RejectionKind.InvalidInput,
                "Hanya instansi 'nasional' yang tidak memiliki induk dan bertingkat Nasional.", "parentId");
        }

        if (profile.ParentId is { } parentId)
        {
            var parent = await GrainFactory.GetGrain<IAgencyGrain>(parentId).GetRouting();
            if (parent is null)
            {
                return new Rejection(RejectionKind.InvalidInput, "Instansi induk tidak dikenal.", "parentId");
            }

            if (parent.Path.Any(n => n.AgencyId == Id))
            {
                return new Rejection(RejectionKind.InvalidInput, "Induk ini akan membentuk siklus dalam pohon instansi.", "parentId");
            }
        }

        var previousParent = state.State.Profile?.ParentId;
        if (previousParent is not null && previousParent != profile.ParentId && state.State.Inbox.Count > 0)
        {
            return new Rejection(RejectionKind.InvalidState, "Induk tidak dapat dipindah selama masih ada laporan aktif.", "parentId");
        }

        state.State.Profile = profile;
        await SaveAsync();
        _routing = null;
        if (previousParent != profile.ParentId)
        {
            if (previousParent is not null)
            {
                await GrainFactory.GetGrain<IAgencyGrain>(previousParent).DetachChild(Id);
            }

            if (profile.ParentId is not null)
            {
                await GrainFactory.GetGrain<IAgencyGrain>(profile.ParentId).AttachChild(Id);
            }
        }

        return null;
    }

    public async Task<Rejection?> SetPolicy(SlaPolicy policy)
    {
        if (state.State.Profile is not { } profile)
        {
            return new Rejection(RejectionKind.NotFound, "Instansi tidak ditemukan.");
        }

        if (SlaPolicies.Validate(policy) is { Count: > 0 } errors)
        {
            return new Rejection(RejectionKind.InvalidInput, errors[0].Message, errors[0].Field);
        }

        state.State.Profile = profile with { Policy = policy };
        await SaveAsync();
        _routing = null;
        return null;
    }

    public Task<AgencySummary?> GetSummary() => Task.FromResult(state.State.Profile is { } profile
        ? new AgencySummary(profile, [.. state.State.Children], state.State.Counters, state.State.Inbox.Count, state.State.EscalationsReceived)
        : null);

    public async Task<AgencyRouting?> GetRouting()
    {
        if (state.State.Profile is not { } profile)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_routing is { } cached && now - cached.At < options.Value.RoutingRefresh)
        {
            return cached.Routing;
        }

        // Own overrides over the parent's effective policy (which already folds in every ancestor and the defaults).
        var parent = profile.ParentId is { } parentId ? await GrainFactory.GetGrain<IAgencyGrain>(parentId).GetRouting() : null;
        var effective = SlaPolicies.Effective([profile.Policy, parent?.EffectivePolicy]);
        var self = new PathNode(profile.Id, profile.Zone, effective.Escalated!);
        var routing = new AgencyRouting(profile.Id, profile.Name, profile.Level, profile.Zone,
            parent is null ? [self] : parent.Path.Insert(0, self), effective);
        _routing = (routing, now);
        return routing;
    }

    public async Task AttachChild(string childId)
    {
        if (!state.State.Children.Contains(childId))
        {
            state.State.Children.Add(childId);
            await SaveAsync();
        }
    }

    public async Task DetachChild(string childId)
    {
        if (state.State.Children.Remove(childId))
        {
            await SaveAsync();
        }
    }

    public async Task Notify(ComplaintNotice notice)
    {
        var s = state.State;
        var id = notice.ComplaintId;
        if ((s.Applied.TryGetValue(id, out var seen) || s.Departed.TryGetValue(id, out seen)) && notice.Version <= seen)
        {
            return;
        }

        if (notice.Item is { } item)
        {
            s.Inbox[id] = item;
            s.Applied[id] = notice.Version;
            s.Departed.Remove(id);
        }
        else
        {
            s.Inbox.Remove(id);
            s.Applied.Remove(id);
            s.Departed[id] = notice.Version;
            s.DepartedOrder.Enqueue(id);
            while (s.DepartedOrder.Count > DepartedKept && s.DepartedOrder.TryDequeue(out var old))
            {
                if (!s.Inbox.ContainsKey(old))
                {
                    s.Departed.Remove(old);
                }
            }
        }

        s.Counters = s.Counters.Add(notice.Counters);
        if (!notice.Facts.IsDefaultOrEmpty && notice.Version > s.MonevVersions.GetValueOrDefault(id))
        {
            ApplyFacts(s.MonevDays, notice.Facts);
            s.MonevVersions[id] = notice.Version;
            if (s.MonevRebuilding)
            {
                s.MonevRebuildLog.Add(new MonevFactsAt(id, notice.Version, [.. notice.Facts.Select(f => new MonevJournalEntry(Id, notice.Version, f))]));
            }
        }

        if (notice.Escalation is { } escalation)
        {
            s.EscalationsReceived++;
            s.Escalations.Add(escalation);
            if (s.Escalations.Count > EscalationsKept)
            {
                s.Escalations.RemoveRange(0, s.Escalations.Count - EscalationsKept);
            }
        }

        await SaveAsync();
    }

    private static void ApplyFacts(Dictionary<int, MonevFigures> days, IEnumerable<MonevFact> facts)
    {
        foreach (var fact in facts)
        {
            var day = MonevFacts.Day(fact).DayNumber;
            if (!days.TryGetValue(day, out var figures))
            {
                days[day] = figures = new MonevFigures();
            }

            figures.Apply(fact);
        }
    }

    public async Task<MonevReport?> GetMonev(MonevQuery query, bool subtree)
    {
        if (state.State.Profile is null)
        {
            return null;
        }

        // Own figures first, synchronously: this call interleaves with others while it waits for the children.
        var buckets = MonevFacts.Group(state.State.MonevDays, query);
        var backlog = MonevFacts.Backlog(state.State.Inbox.Values, time.GetUtcNow());
        var agencies = 1;
        if (subtree && state.State.Children.Count > 0)
        {
            var children = await Task.WhenAll(state.State.Children.ToList()
                .Select(c => GrainFactory.GetGrain<IAgencyGrain>(c).GetMonev(query, subtree: true)));
            foreach (var child in children.OfType<MonevReport>())
            {
                buckets = MonevFacts.Merge(buckets, child.Buckets);
                backlog = backlog.Add(child.Backlog);
                agencies += child.Agencies;
            }
        }

        return new MonevReport(Id, subtree, query, buckets, backlog, agencies);
    }

    public async Task<MonevRebuildStart> BeginMonevRebuild()
    {
        var s = state.State;
        s.MonevGeneration++;
        s.MonevRebuilding = true;
        s.MonevRebuildLog.Clear();
        await SaveAsync();
        return new MonevRebuildStart(s.MonevGeneration, [.. s.MonevVersions.Keys.Order(StringComparer.Ordinal)]);
    }

    public async Task<bool> CompleteMonevRebuild(int generation, ImmutableArray<MonevFactsAt> journals)
    {
        var s = state.State;
        if (!s.MonevRebuilding || generation != s.MonevGeneration)
        {
            return false;
        }

        var days = new Dictionary<int, MonevFigures>();
        var versions = new Dictionary<string, int>(s.MonevVersions);
        foreach (var journal in journals)
        {
            ApplyFacts(days, journal.Entries.Where(e => e.AgencyId == Id).Select(e => e.Fact));
            versions[journal.ComplaintId] = journal.Version;
        }

        // Notices applied while the journals were read: only what a journal did not hold yet.
        foreach (var logged in s.MonevRebuildLog)
        {
            if (logged.Version > versions.GetValueOrDefault(logged.ComplaintId))
            {
                ApplyFacts(days, logged.Entries.Select(e => e.Fact));
                versions[logged.ComplaintId] = logged.Version;
            }
        }

        s.MonevDays = days;
        s.MonevVersions = versions;
        s.MonevRebuilding = false;
        s.MonevRebuildLog.Clear();
        await SaveAsync();
        return true;
    }

    public Task<InboxPage> GetInbox(int skip, int take)
    {
        var items = state.State.Inbox.Values
            .OrderBy(i => i.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.ComplaintId, StringComparer.Ordinal)
            .Skip(skip)
            .Take(take)
            .ToImmutableArray();
        return Task.FromResult(new InboxPage(state.State.Inbox.Count, items));
    }

    public Task<ImmutableArray<EscalationRecord>> GetEscalations(int take) =>
        Task.FromResult(state.State.Escalations.AsEnumerable().Reverse().Take(take).ToImmutableArray());
}
