namespace Lapor.Grains.Infrastructure;

/// <summary>
/// When a commit is on disk. PostgreSQL's commits are durable when they return. The embedded default commits without
/// waiting for the disk and syncs its log once for every writer of the moment; there a writer marks the log after its
/// commits and, before it answers, makes sure a sync that began after the mark has finished, which is often one
/// another writer already waited for.
/// </summary>
public interface ICommitDurability
{
    /// <summary>A mark after the caller's commits so far.</summary>
    long Mark();

    /// <summary>Completes once every commit made before <paramref name="mark"/> is on disk.</summary>
    ValueTask EnsureAsync(long mark);
}

/// <summary>
/// A grain state whose writer makes its commit durable itself: it takes a <see cref="ICommitDurability.Mark"/> after the
/// write and awaits <see cref="ICommitDurability.EnsureAsync"/> before it answers anyone. Storage that syncs every write
/// may then leave this one's sync to the writer's.
/// </summary>
public interface IWriterEnsuresDurability
{
    /// <summary>True for the write under way when its writer ensures durability after it.</summary>
    bool WriterEnsures { get; }
}

/// <summary>Commits that are durable when they return (PostgreSQL): nothing to wait for.</summary>
public sealed class DurableCommits : ICommitDurability
{
    public static readonly DurableCommits Instance = new();

    public long Mark() => 0;

    public ValueTask EnsureAsync(long mark) => ValueTask.CompletedTask;
}
