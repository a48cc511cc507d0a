using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Domain.Sla;
using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Agencies;

/// <summary>
/// One node of the agency tree: its profile, SLA overrides and children. What it counts (monev days, totals,
/// escalations) goes through <see cref="AgencyBook"/> into the ledger; its inbox is the inbox index. Its own state
/// never grows with the complaints. Its roll-up reminder exists only while a subtree change it stored waits for its
/// parent after the callers were answered (docs/monev.md, "Roll-up").
/// </summary>
[Orleans.Concurrency.Reentrant] // notices never wait for an administrator's change, nor it for them; changes queue among themselves
public sealed partial class AgencyGrain(
    [PersistentState("agency", GrainStorage.Name)] IPersistentState<AgencyState> state,
    TimeProvider time,
    IOptions<EngineOptions> options,
    IAgencyLedger ledger,
    IInboxIndex inbox,
    IAgencyIndex directory,
    RoutingCache routings,
    ICommitDurability durability,
    ILogger<AgencyGrain> logger) : Grain, IAgencyGrain, IRemindable
{
    private const string RollUpReminder = "monev-rollup";

    private (AgencyRouting Routing, DateTimeOffset At)? _routing;
    private AgencyBook? _book;
    private readonly TurnQueue _changes = new();
    private readonly ChildStandings _standings = new();
    private bool _rollUpArmed;

    private string Id => this.GetPrimaryKeyString();

    private AgencyBook Book => _book ??= new AgencyBook(Id, ledger, inbox, () => state.State.Profile?.ParentId,
        (parent, child, changes) => GrainFactory.Reference<IAgencyGrain>(parent).RollUp(child, changes), DeactivateOnIdle,
        time, options.Value.RollUpWait, RollUpDeferredAsync);

    /// <summary>
    /// Callers are being answered while a stored subtree change has not reached the parent: the reminder sends it on
    /// even if nothing else comes to this agency (or its silo dies first). Armed once until a tick finds nothing left.
    /// </summary>
    private async Task RollUpDeferredAsync(Exception? fault)
    {
        if (fault is not null)
        {
            LogRollUpDeferred(logger, Id, fault.GetType().Name, options.Value.RollUpRetry.TotalSeconds);
            LogRollUpFault(logger, fault, Id);
        }

        if (_rollUpArmed)
        {
            return;
        }

        try
        {
            await this.RegisterOrUpdateReminder(RollUpReminder, options.Value.RollUpRetry, options.Value.RollUpRetry);
            _rollUpArmed = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRollUpNotArmed(logger, ex, Id);
            throw;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RollUpReminder || await Book.SendPendingAsync() > 0)
        {
            return;
        }

        if (await this.GetReminder(RollUpReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _rollUpArmed = false;

        // A change deferred while the reminder was going away arms it again.
        if (await Book.PendingAsync() > 0)
        {
            await RollUpDeferredAsync(null);
        }
    }

    public Task<Rejection?> Define(AgencyProfile profile) => _changes.RunAsync(() => DefineAsync(profile));

    private async Task<Rejection?> DefineAsync(AgencyProfile profile)
    {
        if (AgencyRules.Check(Id, profile) is { } invalid)
        {
            return invalid;
        }

        if (profile.ParentId is { } parentId
            && AgencyRules.CheckParent(Id, await GrainFactory.Reference<IAgencyGrain>(parentId).GetRouting()) is { } badParent)
        {
            return badParent;
        }

        var previousParent = state.State.Profile?.ParentId;
        if (previousParent is not null && previousParent != profile.ParentId && await inbox.CountActiveAsync(Id) > 0)
        {
            return new Rejection(RejectionKind.InvalidState, "Induk tidak dapat dipindah selama masih ada laporan aktif.", "parentId");
        }

        state.State.Profile = profile;
        state.State.Revision++;
        await state.WriteStateAsync();
        _routing = null;
        routings.Invalidate(Id);
        if (previousParent is not null && previousParent != profile.ParentId)
        {
            await GrainFactory.Reference<IAgencyGrain>(previousParent).DetachChild(Id);
        }

        if (profile.ParentId is not null)
        {
            // A new or moved child joins; a renamed one has its row in the parent's ranking read again.
            await GrainFactory.Reference<IAgencyGrain>(profile.ParentId).AttachChild(Id);
        }

        // A new agency joins its parent's subtree; a moved one takes its figures along (docs/monev.md, "Moves").
        await Book.SyncAsync();
        await ListAsync();
        await OnDiskAsync();
        return null;
    }

    /// <summary>
    /// Writes the profile's row in the agency directory, then notes in the state that it is there. A silo dying in
    /// between leaves the state behind the row: the next activation writes the same revision again (see
    /// <see cref="OnActivateAsync"/>), which the directory ignores.
    /// </summary>
    private async Task ListAsync()
    {
        var (profile, revision) = (state.State.Profile!, state.State.Revision);
        await directory.ApplyAsync(profile, revision);
        state.State.ListedRevision = revision;
        await state.WriteStateAsync();
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Profile is not null && state.State.ListedRevision < state.State.Revision)
        {
            try
            {
                await _changes.RunAsync(ListAsync);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The agency still works; its directory row catches up at its next definition or activation.
                LogListingFailed(logger, ex, Id);
            }
        }
    }

    /// <summary>
    /// Before an administrator is answered: the ledger's writes are left to the next log sync (they are redone from
    /// the profile and the outboxes after a loss), so an answer waits for one that began after them.
    /// </summary>
    private async Task OnDiskAsync() => await durability.EnsureAsync(durability.Mark());

    public Task<Rejection?> SetPolicy(SlaPolicy policy) => _changes.RunAsync(async () =>
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
        routings.Invalidate(Id);
        return (Rejection?)null;
    });

    public async Task<AgencySummary?> GetSummary() => state.State.Profile is { } profile
        ? await Book.SummaryAsync(profile, [.. state.State.Children])
        : null;

    public Task<AgencyPlace?> GetPlace() => Task.FromResult(state.State.Profile is { } profile
        ? new AgencyPlace(profile, [.. state.State.Children])
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

        var parent = profile.ParentId is { } parentId ? await GrainFactory.Reference<IAgencyGrain>(parentId).GetRouting() : null;
        var routing = AgencyRules.Routing(profile, parent);
        _routing = (routing, now);
        return routing;
    }

    public Task AttachChild(string childId) => _changes.RunAsync(() =>
    {
        _standings.Changed(childId);
        if (state.State.Children.Contains(childId))
        {
            return Task.CompletedTask;
        }

        state.State.Children.Add(childId);
        return state.WriteStateAsync();
    });

    public Task DetachChild(string childId) =>
        _changes.RunAsync(() => state.State.Children.Remove(childId) ? state.WriteStateAsync() : Task.CompletedTask);

    public Task Notify(ComplaintNotice notice) => Book.CountAsync(LedgerEntry.From(notice));

    public Task RollUp(string childId, ImmutableArray<MonevPush> changes)
    {
        // The child's subtree figures moved (this call follows their commit): its ranking rows are read again.
        _standings.Changed(childId);
        return Book.RollUpAsync(childId, changes);
    }

    public Task<int> GetMonevPending() => Book.PendingAsync();

    public Task<ImmutableArray<EscalationRecord>> GetEscalations(int take) => ledger.ReadEscalationsAsync(Id, take);

    public async Task<MonevReport?> GetMonev(MonevQuery query, bool subtree) => state.State.Profile is { } profile
        ? await Book.ReportAsync(query, subtree, time.GetUtcNow(), profile.Zone)
        : null;

    public async Task<AgencyMonevRow?> GetMonevRow(MonevQuery query) => state.State.Profile is { } profile
        ? new AgencyMonevRow(profile, await Book.ReportAsync(query, subtree: true, time.GetUtcNow(), profile.Zone))
        : null;

    public async Task<ImmutableArray<MonevStanding>> GetChildStandings(MonevQuery query) => state.State.Profile is null
        ? []
        : await _standings.ReadAsync(query, state.State.Children, async child =>
            await GrainFactory.Reference<IAgencyGrain>(child).GetMonevRow(query) is { } row
                ? new MonevStanding(row.Profile, MonevFacts.Total(row.Report), row.Report.Backlog.Total)
                : null);

    public Task<MonevRebuildStart> BeginMonevRebuild() => _changes.RunAsync(async () =>
    {
        state.State.MonevGeneration++;
        await state.WriteStateAsync();
        return new MonevRebuildStart(state.State.MonevGeneration, await Book.BeginRebuildAsync());
    });

    public async Task<bool> CompleteMonevRebuild(int generation, ImmutableArray<MonevFactsAt> journals)
    {
        if (generation != state.State.MonevGeneration || !await Book.CompleteRebuildAsync(journals))
        {
            return false;
        }

        await OnDiskAsync();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agency {AgencyId}: monev changes not acknowledged by the parent yet ({Fault}); sent again with the next batch, or within {RetrySeconds:F0} s")]
    private static partial void LogRollUpDeferred(ILogger logger, string agencyId, string fault, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agency {AgencyId}: roll-up fault")]
    private static partial void LogRollUpFault(ILogger logger, Exception exception, string agencyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agency {AgencyId}: roll-up reminder not armed; the waiting notices fail and are sent again")]
    private static partial void LogRollUpNotArmed(ILogger logger, Exception exception, string agencyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agency {AgencyId}: its row in the agency directory was not written; written again at its next activation")]
    private static partial void LogListingFailed(ILogger logger, Exception exception, string agencyId);
}
