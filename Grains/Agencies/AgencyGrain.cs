using System.Collections.Immutable;
using Lapor.Orleans.Complaints;
using Lapor.Orleans.Domain.Sla;
using Lapor.Orleans.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lapor.Orleans.Agencies;

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
        await state.WriteStateAsync();
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
        await state.WriteStateAsync();
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
            await state.WriteStateAsync();
        }
    }

    public async Task DetachChild(string childId)
    {
        if (state.State.Children.Remove(childId))
        {
            await state.WriteStateAsync();
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
        if (notice.Escalation is { } escalation)
        {
            s.EscalationsReceived++;
            s.Escalations.Add(escalation);
            if (s.Escalations.Count > EscalationsKept)
            {
                s.Escalations.RemoveRange(0, s.Escalations.Count - EscalationsKept);
            }
        }

        await state.WriteStateAsync();
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
