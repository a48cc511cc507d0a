using System.Security.Cryptography;
using System.Text;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Domain.Notifications;
using Lapor.Grains.Agencies;
using Lapor.Grains.Calendar;
using Lapor.Grains.Indexes;
using Lapor.Grains.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Lapor.Grains.Complaints;

/// <summary>
/// One complaint: runs <see cref="ComplaintMachine"/> on its stored state, keeps one reminder armed for the nearest
/// pending deadline, and delivers the agency notices and public-feed line each change queued in its outbox. The state is
/// read on first use, not at activation: a submission, almost always the first call of a new code, skips reading a row
/// that does not exist yet (<see cref="Submit"/>).
/// </summary>
[CollectionAgeLimit(Minutes = 5)] // idle complaints leave memory; their deadline reminder wakes them
public sealed partial class ComplaintGrain(
    [FromKeyedServices(GrainStorage.Name)] IGrainStorage storage,
    ICommitDurability durability,
    TimeProvider time,
    CalendarCache calendars,
    RoutingCache routings,
    IOptions<EngineOptions> options,
    INotificationOutbox notifications,
    IPublicIndex publicIndex,
    IReporterErasureIndex erasures,
    EngineMetrics metrics,
    ILogger<ComplaintGrain> logger) : Grain, IComplaintGrain, IRemindable
{
    private const string DeadlineReminder = "deadline";

    /// <summary>The name the state is stored under (kept from the first version: stored rows carry it).</summary>
    private const string StateName = "complaint";

    private DeferredState<ComplaintState> _state = null!;

    /// <summary>The due time the reminder is armed for, as far as this activation knows (null: not known).</summary>
    private DateTimeOffset? _armedFor;
    private bool _armedKnown;

    /// <summary>The next alarm of the state as stored (null: none, or nothing stored yet).</summary>
    private DateTimeOffset? _storedAlarm;

    /// <summary>The reporter-data erasure date of the state as stored (null: none, or nothing stored yet).</summary>
    private DateTimeOffset? _storedEraseAt;
    private IGrainTimer? _redelivery;
    private int _failedDeliveries;

    /// <summary>A new complaint's delivery still running after its submission was answered (see <see cref="PersistAsync"/>).</summary>
    private Task _delivering = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    private ComplaintState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new DeferredState<ComplaintState>(storage, StateName, this.GetGrainId());
        return Task.CompletedTask;
    }

    /// <summary>A delivery answered ahead of finishes before the activation goes (a silo shutting down included).</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _delivering;

    /// <summary>
    /// Reads the stored state on the activation's first call that needs it, for a call that may change the complaint:
    /// it waits for a delivery still running (the outbox is never used by two turns), and delivers what a first read
    /// finds undelivered before the change.
    /// </summary>
    private async ValueTask LoadAsync()
    {
        await _delivering;
        if (await LoadStoredAsync())
        {
            await DeliverAsync();
        }
    }

    /// <summary>
    /// Reads the stored state for a call that only reads it. It never waits for a delivery: a complaint stays readable
    /// while an agency it notifies is slow or on a silo that hangs. The state a delivery is running from is the stored
    /// one, so it is read as it is; what a first read finds undelivered goes out in the background.
    /// </summary>
    private async ValueTask LoadToReadAsync()
    {
        if (_state.Known && !_delivering.IsCompleted)
        {
            return;
        }

        // Not known while a delivery runs only after a write that failed its sync: read storage once that is over.
        await _delivering;
        if (await LoadStoredAsync())
        {
            _delivering = DeliverInBackgroundAsync(registerStoredReminder: false);
        }
    }

    /// <summary>
    /// Reads the stored state unless known. True when it holds something written but not delivered (a crash between
    /// the write and the calls): it goes out again, and agencies and the feed ignore repeats by version.
    /// </summary>
    private async ValueTask<bool> LoadStoredAsync()
    {
        if (!await _state.LoadAsync())
        {
            return false;
        }

        _storedAlarm = ComplaintMachine.NextAlarm(State);
        _storedEraseAt = State.ReporterDataEraseAt;
        return HasUndelivered(State);
    }

    /// <summary>The state machine on the current calendar, with the operator's retention of reporters' data.</summary>
    private async ValueTask<ComplaintMachine> MachineAsync() =>
        new(await calendars.GetAsync(), options.Value.ReporterDataKeptFor);

    private static bool HasUndelivered(ComplaintState s) =>
        s.Outbox.Count > 0 || s.PendingPublication is not null || s.Notifications.Count > 0 || s.ReporterMessagesToForget;

    public async Task<CommandResult> Submit(SubmitComplaint command)
    {
        if (!_state.Known)
        {
            // A new code, as far as anyone knows: build the complaint on an empty state and insert it without reading first.
            // The insert is refused when the code is stored already (a retry under the same Idempotency-Key reaching a new
            // activation); then, as after any answer but a created complaint, the stored state decides below.
            _state.AssumeNew();
            try
            {
                if (await SubmitToStateAsync(command) is { Succeeded: true } created)
                {
                    return created;
                }
            }
            catch (InconsistentStateException)
            {
            }

            _state.Forget();
        }

        await LoadAsync();
        return await SubmitToStateAsync(command);
    }

    private async Task<CommandResult> SubmitToStateAsync(SubmitComplaint command)
    {
        var verifierId = command.Report.TargetAgencyId ?? AgencyIds.National;
        var verifier = await routings.GetAsync(verifierId);
        if (verifier is null)
        {
            return State.Exists
                ? await ReplayAsync(command)
                : CommandResult.Fail(RejectionKind.InvalidInput, "Instansi tujuan tidak dikenal.", "targetAgencyId");
        }

        var machine = await MachineAsync();
        var before = NotificationEvents.Before(State);
        var outcome = machine.Submit(State, Id, command, verifier, time.GetUtcNow());
        NotificationEvents.Queue(State, before, time.GetUtcNow());
        if (outcome.Rejection is { } rejection)
        {
            return new CommandResult(null, rejection);
        }

        if (!outcome.Changed)
        {
            return await ReplayAsync(command);
        }

        await PersistAsync();
        LogSubmitted(logger, Id, verifierId);
        return CommandResult.Ok(ComplaintProjections.View(State, Viewer.Reporter)!);
    }

    /// <summary>
    /// The answer to a submission already stored. Its first attempt may have stored the complaint and then failed to
    /// register the reminder or to deliver, so the retry finishes both before answering (the reminder from the stored
    /// state; at worst a repeat of the same row).
    /// </summary>
    private async Task<CommandResult> ReplayAsync(SubmitComplaint command)
    {
        if (command.RequestHash != State.RequestHash)
        {
            return CommandResult.Fail(RejectionKind.IdempotencyConflict, ComplaintMachine.IdempotencyConflict(State), "Idempotency-Key");
        }

        await ArmAsync(force: false);
        var armed = durability.Mark();
        if (HasUndelivered(State))
        {
            await DeliverAsync();
        }

        await durability.EnsureAsync(armed);
        return CommandResult.Ok(ComplaintProjections.View(State, Viewer.Reporter)!, replayed: true);
    }

    public async Task<CommandResult> Execute(ComplaintAction action, Actor actor, int? expectedVersion)
    {
        await LoadAsync();
        if (!State.Exists)
        {
            return CommandResult.Fail(RejectionKind.NotFound, "Laporan tidak ditemukan.");
        }

        var agencies = new Dictionary<string, AgencyRouting>(StringComparer.Ordinal);
        foreach (var agencyId in ComplaintMachine.AgenciesNeeded(action).Distinct())
        {
            if (await routings.GetAsync(agencyId) is { } routing)
            {
                agencies[agencyId] = routing;
            }
        }

        var machine = await MachineAsync();
        var before = NotificationEvents.Before(State);
        var outcome = machine.Execute(State, action, actor, expectedVersion, agencies, time.GetUtcNow());
        NotificationEvents.Queue(State, before, time.GetUtcNow());
        if (outcome.Rejection is { } rejection)
        {
            return new CommandResult(null, rejection);
        }

        if (outcome.Changed)
        {
            await PersistAsync();
        }

        var viewer = actor.Role == ActorRole.Reporter ? Viewer.Reporter : new Viewer(ViewerKind.Staff, actor);
        return CommandResult.Ok(ComplaintProjections.View(State, viewer)!);
    }

    public async Task<ComplaintView?> View(Viewer viewer)
    {
        await LoadToReadAsync();
        return viewer.Kind == ViewerKind.Staff && !MayActAsStaff(viewer.Actor) ? null : ComplaintProjections.View(State, viewer);
    }

    public async Task<ComplaintScope?> GetScope()
    {
        await LoadToReadAsync();
        return State.Exists ? ComplaintProjections.Scope(State) : null;
    }

    public async Task<bool> VerifySecret(string secretHash)
    {
        await LoadToReadAsync();
        if (!State.Exists)
        {
            // A made-up code: answer and leave memory at once instead of staying resident for the collection age.
            DeactivateOnIdle();
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(State.SecretHash);
        var given = Encoding.ASCII.GetBytes(secretHash);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public async Task<ComplaintView?> ViewWithSecret(string secretHash) =>
        await VerifySecret(secretHash) ? ComplaintProjections.View(State, Viewer.Reporter) : null;

    public async Task<MonevFactsAt> GetMonevFacts(string? agencyId)
    {
        await LoadToReadAsync();
        return new(Id, State.Version, Domain.Monev.MonevFacts.Journal(State, agencyId, await calendars.GetAsync()));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder)
        {
            return;
        }

        // Reminders can come early, twice, or late: the machine decides from the stored due times alone.
        // After a tick the reminder's next firing is a period away, not at our next alarm: treat it as unknown.
        await LoadAsync();
        _armedKnown = false;
        var machine = await MachineAsync();
        var now = time.GetUtcNow();
        var due = DueClock(State, now);
        var entriesBefore = State.Timeline.Count;
        var before = NotificationEvents.Before(State);
        var outcome = machine.Tick(State, now);
        NotificationEvents.Queue(State, before, now);
        metrics.Ticked(due?.Step, now - due?.NextAlarm, State.Timeline.Skip(entriesBefore));
        if (outcome.Changed)
        {
            await PersistAsync();
        }
        else
        {
            // Notices a delivery check could not hand over yet keep the next check armed, not the deadline.
            await ArmAsync(force: true, checkDelivery: options.Value.AnswerBeforeDelivery && HasUndelivered(State));
        }
    }

    /// <summary>The clock whose alarm has come (the earliest one), or null when nothing is due yet.</summary>
    private static DeadlineClock? DueClock(ComplaintState s, DateTimeOffset now) =>
        ComplaintMachine.NextAlarm(s) is { } alarm && alarm <= now
            ? s.Assignments.Select(a => a.Track.Clock).Append(s.Intake?.Clock).FirstOrDefault(c => c?.NextAlarm == alarm)
            : null;

    private bool MayActAsStaff(Actor? actor) =>
        actor is not null && (actor.Role == ActorRole.NationalAdmin
            || (actor.AgencyId is { } agencyId && ComplaintProjections.Scope(State).AgencyIds.Contains(agencyId)));

    /// <summary>
    /// One write per change (state, outbox and all), the reminder moved so that it never fires later than the stored
    /// state's next alarm, then delivery. A reminder moving earlier is armed before the write: a silo dying between the
    /// two never leaves a stored deadline without a reminder; at worst the reminder wakes a complaint whose change was not
    /// stored and the tick re-arms it from the stored state. A reminder moving later (after a warning or an escalation)
    /// or going away is moved after the write: if that call fails or its answer is lost, the stored state is already
    /// ahead and the old, earlier reminder's tick re-arms it.
    /// A new complaint is the exception: its insert-only write is never preceded by its reminder. With Lapor's storage
    /// (<see cref="EngineOptions.WriteNewComplaintWithReminder"/>) the reminder's row is stored in the insert's commit
    /// (<see cref="Infrastructure.FirstReminder"/>): both or neither, and no call to the reminder service before the answer;
    /// the service hears of it when the reminder is moved after delivery (or from the table, if this silo dies first).
    /// With storage that writes one row at a time the insert goes first and the reminder is registered after it; a silo
    /// dying in between leaves a complaint nobody was told of and no inbox shows, and a retry under the same
    /// Idempotency-Key finds it stored and arms it (<see cref="ReplayAsync"/>). The insert is refused when the code is
    /// taken (a retry reaching a new activation); on PostgreSQL a reminder row written in its batch, due a little later
    /// than the stored complaint's, is moved back by <see cref="ReplayAsync"/> before the answer (on SQLite it is not
    /// written). Only a silo dying in between leaves that reminder late, by the time between the first attempt and its retry.
    /// Where commits wait for a shared log sync (the embedded default), every change is answered only once a sync that
    /// began after its state and its reminder were written has finished, usually the one the agency's ledger batch
    /// awaited during delivery; the state's own write may leave its sync to that one.
    /// A new complaint (<see cref="EngineOptions.AnswerBeforeDelivery"/>, the default) is answered once its state and
    /// reminder are durable, with its delivery still running: the agency's batch is the second serial stage on a
    /// submission's path and waiting for it took a quarter of the 16-client intake (docs/benchmarks.md, session 17). Its
    /// reminder is then armed for the delivery check (<see cref="EngineOptions.DeliveryCheck"/>) and moved on to the
    /// deadline once the delivery is done; if a silo dies in between, the check's tick redelivers and re-arms. Every
    /// later call waits for the delivery first (<see cref="LoadAsync"/>).
    /// </summary>
    private async Task PersistAsync()
    {
        var next = ComplaintMachine.NextAlarm(State);
        var creating = _state.AssumedNew;
        var answerFirst = creating && options.Value.AnswerBeforeDelivery;
        var armFirst = DeadlineReminderOrder.ArmBeforeWrite(creating, _storedAlarm, next);
        var armedWithInsert = false;
        // The erasure date's row (docs/domain.md §5.1) follows the state as the reminder does: a date set is stored
        // before the write, so a stored date always has its row; a date gone is removed after it (a stale row only
        // wakes a complaint that puts it right).
        var eraseAt = State.ReporterDataEraseAt;
        var erasureWas = _storedEraseAt;
        try
        {
            if (armFirst)
            {
                await ArmAsync(force: false);
            }

            if (eraseAt is not null && eraseAt != erasureWas)
            {
                await erasures.ScheduleAsync(Id, eraseAt);
            }

            armedWithInsert = await _state.WriteEnsuredByCallerAsync(
                creating && options.Value.WriteNewComplaintWithReminder ? FirstReminder(checkDelivery: answerFirst) : null);
            _storedAlarm = next;
            _storedEraseAt = eraseAt;
        }
        catch (InconsistentStateException) when (creating)
        {
            // The code is stored already: the caller reads it and answers from it, re-arming the stored complaint's
            // reminder from its state (ReplayAsync).
            _armedKnown = false;
            throw;
        }
        catch
        {
            // The in-memory state is ahead of storage now: forget it and drop this activation, so the next call reloads
            // (a retry must never be answered from a change that was not stored).
            _armedKnown = false;
            _state.Forget();
            DeactivateOnIdle();
            throw;
        }

        if (eraseAt is null && erasureWas is not null)
        {
            await UnscheduleErasureAsync();
        }

        if (armedWithInsert)
        {
            // Stored with the insert, but Orleans' reminder service has not heard of it: the next arming registers it there.
            _armedKnown = false;
        }
        else if (!armFirst)
        {
            try
            {
                await ArmAsync(force: false, checkDelivery: answerFirst);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !creating)
            {
                // The change is stored; the reminder still fires at the earlier alarm, and that tick re-arms it.
                _armedKnown = false;
                LogArmDeferred(logger, ex, Id);
            }
            catch when (creating)
            {
                // No earlier reminder exists to fall back on: the submission fails and its retry arms it.
                _armedKnown = false;
                throw;
            }
        }

        // Durable before anyone is answered: the state (its write may have left the sync to this call) and a new
        // complaint's reminder, usually by the sync the agency's batch awaited during delivery (or, answering first,
        // by a sync of their own).
        var written = durability.Mark();
        if (answerFirst)
        {
            // The reminder armed with the insert fires within DeliveryCheck and redelivers if a silo died before this did.
            _delivering = DeliverAfterAnswerAsync();
        }
        else
        {
            await DeliverAsync();
            if (armedWithInsert)
            {
                await RegisterStoredReminderAsync();
            }
        }

        try
        {
            await durability.EnsureAsync(written);
        }
        catch
        {
            // Not known to be on disk: nothing may be answered from this memory, as after a failed write.
            _armedKnown = false;
            _state.Forget();
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>A failure leaves the row to the sweep, whose call finds nothing due here and removes it.</summary>
    private async Task UnscheduleErasureAsync()
    {
        try
        {
            await erasures.ScheduleAsync(Id, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogErasureRowLeft(logger, ex, Id);
        }
    }

    public async Task EraseReporterDataIfDue()
    {
        await LoadAsync();
        if (ComplaintMachine.EraseReporterDataIfDue(State, time.GetUtcNow()).Changed)
        {
            // The write, then its delivery: the messages sent to the reporter are blanked from the outbox.
            await PersistAsync();
            return;
        }

        // Woken by a row the state does not back (a reopen, a removal that failed): the row is put right from the state.
        await erasures.ScheduleAsync(Id, State.Exists ? State.ReporterDataEraseAt : null);
    }

    /// <summary>
    /// Arms the reminder for the state's next alarm, or with <paramref name="checkDelivery"/> for the delivery check if
    /// that comes first (its tick finds nothing due, redelivers what is left and re-arms for the alarm).
    /// </summary>
    private async Task ArmAsync(bool force, bool checkDelivery = false)
    {
        var next = AlarmToArm(checkDelivery);
        if (!force && _armedKnown && _armedFor == next)
        {
            return;
        }

        if (next is { } due)
        {
            var dueIn = due - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(DeadlineReminder, dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, options.Value.ReminderPeriod);
        }
        else if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _armedFor = next;
        _armedKnown = true;
    }

    /// <summary>
    /// Tells this silo's reminder service of the reminder stored with the insert (for a submission answered after its
    /// delivery, or once a failed first delivery is retried): the deadline, or the check while notices are left. A
    /// failure is not the caller's: the row is stored, and the service reads it from the table later.
    /// </summary>
    private async Task RegisterStoredReminderAsync()
    {
        try
        {
            await ArmAsync(force: false, checkDelivery: HasUndelivered(State));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _armedKnown = false;
            LogArmDeferred(logger, ex, Id);
        }
    }

    /// <summary>The state's next alarm, or with <paramref name="checkDelivery"/> the delivery check if that comes first.</summary>
    private DateTimeOffset? AlarmToArm(bool checkDelivery)
    {
        var next = ComplaintMachine.NextAlarm(State);
        return checkDelivery && time.GetUtcNow() + options.Value.DeliveryCheck is var check && (next is null || check < next) ? check : next;
    }

    /// <summary>A new complaint's reminder as its insert stores it (<see cref="EngineOptions.WriteNewComplaintWithReminder"/>).</summary>
    private FirstReminder? FirstReminder(bool checkDelivery)
    {
        if (AlarmToArm(checkDelivery) is not { } due)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return new FirstReminder(DeadlineReminder, due < now ? now : due, options.Value.ReminderPeriod);
    }

    /// <summary>
    /// The delivery of a submission already answered, then the reminder moved on from the delivery check to the deadline
    /// (here, among the writes of the moment, rather than by the check's tick a minute later, which would cost a grain
    /// call and a write per complaint all over again after every burst of submissions).
    /// </summary>
    private async Task DeliverAfterAnswerAsync()
    {
        var answered = State;
        try
        {
            await DeliverAsync();

            // On to the deadline once delivered; until then the check, which a reminder stored with the insert only is
            // in the table (this silo's reminder service learns of it here). Not when the answered state was forgotten
            // meanwhile (its sync failed): an empty state would unarm it.
            if (ReferenceEquals(answered, State))
            {
                await ArmAsync(force: false, checkDelivery: HasUndelivered(answered));
                if (options.Value.ReleaseNewComplaints && !HasUndelivered(answered))
                {
                    // Delivered and armed for its deadline: nothing is left in memory that storage does not hold.
                    DeactivateOnIdle();
                }
            }
        }
        catch (Exception ex)
        {
            // DeliverAsync defers its own faults; anything else (the reminder not moved) is left to the check's tick,
            // which comes earlier than the deadline.
            _armedKnown = false;
            LogDeliveryFault(logger, ex, Id);
        }
    }

    /// <summary>
    /// A delivery no call waits for (a retry, or what a first read found undelivered), after <paramref name="after"/>.
    /// With <paramref name="registerStoredReminder"/> a new complaint's reminder stored with its insert, not moved after
    /// its first delivery failed, is registered once delivered. Its faults are logged, never thrown at the next call.
    /// </summary>
    private async Task DeliverInBackgroundAsync(bool registerStoredReminder, Task? after = null)
    {
        try
        {
            if (after is not null)
            {
                await after;
            }

            await DeliverAsync();
            if (registerStoredReminder && !_armedKnown)
            {
                await RegisterStoredReminderAsync();
            }
        }
        catch (Exception ex)
        {
            _armedKnown = false;
            LogDeliveryFault(logger, ex, Id);
        }
    }

    private async Task DeliverAsync()
    {
        var s = State;
        var delivered = HasUndelivered(s);
        try
        {
            if (s.Notifications.Count > 0)
            {
                // Into the notification table first (idempotent by event); sending happens elsewhere, never here.
                await notifications.RecordAsync(s.Id, s.Notifications);
                s.Notifications.Clear();
            }

            if (s.ReporterMessagesToForget)
            {
                // After the erasure's write: the stored state then holds no message to the reporter that a later
                // delivery could record again. Repeatable: blanked rows are left alone.
                await notifications.ForgetReporterAsync(s.Id);
                s.ReporterMessagesToForget = false;
            }

            if (s.Outbox.Count > 0)
            {
                // Each agency stores the inbox line with what it counts, in one transaction batched with other
                // complaints' notices; in version order per agency (a line or a count at or below the stored version is
                // ignored), agencies in parallel.
                await Task.WhenAll(s.Outbox.GroupBy(e => e.AgencyId).Select(async notices =>
                {
                    foreach (var entry in notices)
                    {
                        await GrainFactory.Reference<IAgencyGrain>(entry.AgencyId).Notify(entry.Notice);
                    }
                }));
                s.Outbox.Clear();
            }

            if (s.PendingPublication is { } publication)
            {
                await publicIndex.ApplyAsync(s.Id, publication.Version, publication.Summary);
                s.PendingPublication = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Back off exponentially with jitter (2 s, 4 s, ... up to 2 min) so an overloaded agency grain or database
            // is not hit by every waiting complaint at the same moment.
            var delay = TimeSpan.FromSeconds(Math.Min(120, 2 << Math.Min(_failedDeliveries++, 6)) * (0.5 + Random.Shared.NextDouble()));
            LogDeliveryDeferred(logger, Id, ex.GetType().Name, delay.TotalSeconds);
            LogDeliveryFault(logger, ex, Id);
            // The retry runs beside the activation's calls, as a delivery answered ahead of does: reads go on, changes wait.
            _redelivery ??= this.RegisterGrainTimer(_ =>
            {
                _redelivery?.Dispose();
                _redelivery = null;
                _delivering = DeliverInBackgroundAsync(registerStoredReminder: true, after: _delivering);
                return Task.CompletedTask;
            }, delay, Timeout.InfiniteTimeSpan);
            metrics.DeliveryDeferred(ex.GetType().Name);
            return;
        }

        _failedDeliveries = 0;

        if (delivered && ComplaintRules.IsTerminal(s.Status))
        {
            // A finished complaint rarely changes again, so store the emptied outbox now: a later activation must
            // not resend old notices to agencies that may have forgotten the complaint by then.
            await _state.WriteAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId} submitted for verification by {AgencyId}")]
    private static partial void LogSubmitted(ILogger logger, string complaintId, string agencyId);

    // One line per deferral at Warning (an outage defers many complaints at once); the stack trace only at Debug.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: notices not delivered yet ({Fault}), retrying in {DelaySeconds:F1} s")]
    private static partial void LogDeliveryDeferred(ILogger logger, string complaintId, string fault, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: change stored, reminder not moved yet; the earlier reminder re-arms it")]
    private static partial void LogArmDeferred(ILogger logger, Exception exception, string complaintId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: its erasure date is gone, its row not yet; the sweep removes it")]
    private static partial void LogErasureRowLeft(ILogger logger, Exception exception, string complaintId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId}: delivery fault")]
    private static partial void LogDeliveryFault(ILogger logger, Exception exception, string complaintId);
}
