using System.Collections.Concurrent;

namespace Lapor.Grains.Tests;

/// <summary>
/// Counts reminder deliveries in flight inside the silo, so the clock helper can let each tick (and the reminder
/// re-registration the grain does inside it) finish before moving the fake clock again.
/// </summary>
public sealed class ReminderDeliveryTracker : IIncomingGrainCallFilter
{
    private int _inFlight;
    private long _completed;
    private readonly ConcurrentDictionary<GrainId, int> _byGrain = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Reminder deliveries to one grain so far.</summary>
    public int DeliveredTo(GrainId grain) => _byGrain.GetValueOrDefault(grain);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != nameof(IRemindable.ReceiveReminder))
        {
            await context.Invoke();
            return;
        }

        Interlocked.Increment(ref _inFlight);
        _byGrain.AddOrUpdate(context.TargetId, 1, (_, n) => n + 1);
        try
        {
            await context.Invoke();
        }
        finally
        {
            Interlocked.Increment(ref _completed);
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
