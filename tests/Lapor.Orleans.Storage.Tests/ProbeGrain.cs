using Lapor.Hosting.Storage;

namespace Lapor.Storage.Tests;

public sealed class ProbeGrain([PersistentState("probe", LaporStorage.Name)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    public const string ReminderName = "probe-tick";

    public async Task SetValueAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> GetValueAsync() => Task.FromResult(state.State.Value);

    public Task StartReminderAsync(TimeSpan period) =>
        this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromSeconds(1), period);

    public async Task StopReminderAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> GetTicksAsync() => Task.FromResult(state.State.Ticks);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        state.State.LastTick = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
    }
}
