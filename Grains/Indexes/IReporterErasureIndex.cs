namespace Lapor.Grains.Indexes;

/// <summary>
/// When each final report's reporter data is erased (<c>lapor_reporter_erasure</c>, docs/domain.md §5.1): one row per
/// report waiting for its date, read in date order by the sweep. A row is a wake-up call, never the truth: the complaint
/// decides from its own state.
/// </summary>
public interface IReporterErasureIndex
{
    /// <summary>Sets the report's erasure date, or removes its row when <paramref name="eraseAt"/> is null. Repeatable.</summary>
    Task ScheduleAsync(string complaintId, DateTimeOffset? eraseAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="take"/> reports due at <paramref name="now"/>, in date order, after <paramref name="after"/>
    /// (the last of the previous page).
    /// </summary>
    Task<IReadOnlyList<ErasureDue>> DueAsync(DateTimeOffset now, ErasureDue? after, int take, CancellationToken cancellationToken = default);
}

/// <summary>A report due for the erasure of its reporter's data, and when.</summary>
public sealed record ErasureDue(string ComplaintId, DateTimeOffset EraseAt);
