namespace Lapor.Grains.Infrastructure;

/// <summary>
/// A new grain's first reminder, stored by the grain storage in the commit of the grain's insert
/// (<see cref="IInsertsWithFirstReminder"/>): the grain and its reminder are stored together or not at all, with no call
/// to Orleans' reminder service on the way. That service learns of the row when the grain next registers the reminder,
/// or when it reads its range of the table again (its refresh period, or a silo joining or leaving), whichever is first.
/// </summary>
/// <param name="Name">The reminder's name.</param>
/// <param name="StartAt">Its first tick.</param>
/// <param name="Period">Its period.</param>
public sealed record FirstReminder(string Name, DateTimeOffset StartAt, TimeSpan Period);

/// <summary>A grain state whose insert may carry the grain's <see cref="Infrastructure.FirstReminder"/>.</summary>
public interface IInsertsWithFirstReminder
{
    /// <summary>The reminder to store with the insert under way (null: none).</summary>
    FirstReminder? FirstReminder { get; }

    /// <summary>Set by a storage that stored <see cref="FirstReminder"/> in the insert's commit.</summary>
    bool FirstReminderStored { set; }
}
