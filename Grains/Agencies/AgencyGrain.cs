using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Domain.Sla;
using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Agencies;

/// <summary>
/// One node of the agency tree: its profile, SLA overrides and children. What it counts (monev days, totals,
/// escalations) goes through <see cref="AgencyBook"/> into the ledger; its inbox is the inbox index. Its own state
/// never grows with the complaints.
/// </summary>
public sealed class AgencyGrain(
    [PersistentState("agency", GrainStorage.Name)] IPersistentState<AgencyState> state,
    TimeProvider time,
    IOptions<EngineOptions> options,
    IAgencyLedger ledger,
    IInboxIndex inbox) : Grain, IAgencyGrain
{
    private (AgencyRouting Routing, DateTimeOffset At)? _routing;
    private AgencyBook? _book;

    private string Id => this.GetPrimaryKeyString();

    private AgencyBook Book => _book ??= new AgencyBook(Id, ledger, inbox, () => state.State.Profile?.ParentId,
        (parent, child, changes) => GrainFactory.GetGrain<IAgencyGrain>(parent).RollUp(child, changes), DeactivateOnIdle);

    public async Task<Rejection?> Define(AgencyProfile profile)
    {
        if (AgencyRules.Check(Id, profile) is { } invalid)
        {
            return invalid;
        }

        if (profile.ParentId is { } parentId
            && AgencyRules.CheckParent(Id, await GrainFactory.GetGrain<IAgencyGrain>(parentId).GetRouting()) is { } badParent)
        {
            return badParent;
        }

        var previousParent = state.State.Profile?.ParentId;
        if (previousParent is not null && previousParent != profile.ParentId && await inbox.CountActiveAsync(Id) > 0)
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

        // A new agency joins its parent's subtree; a moved one takes its figures along (docs/monev.md, "Moves").
        await Book.SyncAsync();
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

    public async Task<AgencySummary?> GetSummary() => state.State.Profile is { } profile
        ? await Book.SummaryAsync(profile, [.. state.State.Children])
        : null;

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

    public Task Notify(ComplaintNotice notice) => Book.CountAsync(LedgerEntry.From(notice));

    public Task RollUp(string childId, ImmutableArray<MonevPush> changes) => Book.RollUpAsync(childId, changes);

    public Task<int> GetMonevPending() => Book.PendingAsync();

    public Task<ImmutableArray<EscalationRecord>> GetEscalations(int take) => ledger.ReadEscalationsAsync(Id, take);

    public async Task<MonevReport?> GetMonev(MonevQuery query, bool subtree) => state.State.Profile is { } profile
        ? await Book.ReportAsync(query, subtree, time.GetUtcNow(), profile.Zone)
        : null;

    public async Task<MonevRebuildStart> BeginMonevRebuild()
    {
        state.State.MonevGeneration++;
        await state.WriteStateAsync();
        return new MonevRebuildStart(state.State.MonevGeneration, await Book.BeginRebuildAsync());
    }

    public Task<bool> CompleteMonevRebuild(int generation, ImmutableArray<MonevFactsAt> journals) =>
        generation == state.State.MonevGeneration ? Book.CompleteRebuildAsync(journals) : Task.FromResult(false);
}
