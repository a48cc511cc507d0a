namespace Lapor.Grains.Infrastructure;

/// <summary>
/// A cluster-wide sweep's one reminder, named by its period (<c>{prefix}{seconds}s</c>). Every silo asks for it at
/// start; one armed with the same period is left where it is, because re-arming would put the next tick a period off at
/// every start, and a cluster restarted more often than that would never sweep. One armed with another period is
/// replaced.
/// </summary>
public static class PeriodicReminder
{
    public static async Task EnsureAsync(Grain grain, string prefix, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var name = prefix + (long)period.TotalSeconds + "s";
        var armed = await grain.GetReminders();
        if (armed.Any(r => r.ReminderName == name))
        {
            return;
        }

        foreach (var other in armed)
        {
            await grain.UnregisterReminder(other);
        }

        await grain.RegisterOrUpdateReminder(name, period, period);
    }
}
