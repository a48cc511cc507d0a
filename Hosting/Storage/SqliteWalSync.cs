using System.Runtime.InteropServices;
using Lapor.Grains.Infrastructure;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Group commit for the embedded database. Every connection commits with <c>synchronous=NORMAL</c>: a commit appends
/// its pages to the write-ahead log and returns without waiting for the disk. A writer that must be durable before it
/// answers then awaits <see cref="SyncAsync"/>, which syncs the log file once for every commit that returned before
/// the sync began. That keeps the promise of <c>synchronous=FULL</c>: SQLite's log is append-only, recovery after a
/// power cut replays a prefix of it, and a log is only reused after a checkpoint copied its pages into the database
/// file and synced that file. So one fsync of the log after a commit makes the commit, and every commit before it,
/// durable. What changes is the cost: one fsync for all concurrent writers instead of one per commit, and taken outside
/// SQLite's write lock, so other writers keep appending while the disk works.
/// </summary>
public sealed class SqliteWalSync : ICommitDurability
{
    private readonly Action _flush;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _next;
    private long _syncs;

    /// <summary>The round running now (null when none); its number is <see cref="_begun"/>.</summary>
    private TaskCompletionSource? _current;

    /// <summary>Rounds begun so far (each is numbered by this count, under the gate, before its flush starts).</summary>
    private long _begun;

    /// <summary>The number of the last round that finished without a fault.</summary>
    private long _finished;

    /// <summary>Syncs the log of the database file at <paramref name="databasePath"/> (<c>&lt;file&gt;-wal</c>).</summary>
    public SqliteWalSync(string databasePath)
        : this(FlushLog(databasePath + "-wal"))
    {
    }

    /// <summary>Runs <paramref name="flush"/> as the sync (tests drive the rounds with it).</summary>
    internal SqliteWalSync(Action flush) => _flush = flush;

    /// <summary>True while no sync runs: a writer arriving now would have nobody to share one with.</summary>
    public bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _current is null;
            }
        }
    }

    /// <summary>Syncs finished since start.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>
    /// Completes once a sync that began after this call has finished: every commit that returned before the call is
    /// then on disk. A call while a sync is running waits for the next one, which starts as soon as that one ends and
    /// serves every call that arrived meanwhile. The first caller runs its sync on its own thread and returns a
    /// finished task (no thread hop when alone); later rounds run on the thread pool.
    /// </summary>
    public Task SyncAsync()
    {
        TaskCompletionSource round;
        long number;
        lock (_gate)
        {
            if (_current is not null)
            {
                return (_next ??= new TaskCompletionSource()).Task;
            }

            (round, number) = Begin(new TaskCompletionSource());
        }

        Run(round, number);
        return round.Task;
    }

    /// <summary>A mark after every commit that returned before this call (<see cref="ICommitDurability"/>).</summary>
    public long Mark() => Interlocked.Read(ref _begun);

    /// <summary>
    /// Completes at once when a round that began after <paramref name="mark"/> has finished (another writer's sync
    /// covered the caller's commits); joins the running round when that one began after the mark; otherwise waits for
    /// a round of its own, as <see cref="SyncAsync"/>.
    /// </summary>
    public ValueTask EnsureAsync(long mark)
    {
        if (Interlocked.Read(ref _finished) > mark)
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            if (_current is { } running && Interlocked.Read(ref _begun) > mark)
            {
                return new ValueTask(running.Task);
            }
        }

        return new ValueTask(SyncAsync());
    }

    /// <summary>Numbers <paramref name="round"/> as the one running now (under the gate).</summary>
    private (TaskCompletionSource Round, long Number) Begin(TaskCompletionSource round)
    {
        _current = round;
        return (round, Interlocked.Increment(ref _begun));
    }

    private void Run(TaskCompletionSource round, long number)
    {
        Exception? failure = null;
        try
        {
            _flush();
            Interlocked.Increment(ref _syncs);
            Interlocked.Exchange(ref _finished, number);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // The next round is handed on before this one's callers resume (their continuations may run on this thread).
        (TaskCompletionSource Round, long Number)? next = null;
        lock (_gate)
        {
            _current = null;
            if (_next is { } waiting)
            {
                _next = null;
                next = Begin(waiting);
            }
        }

        if (next is { } handed)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Self.Run(state.Next.Round, state.Next.Number), (Self: this, Next: handed),
                preferLocal: false);
        }

        if (failure is null)
        {
            round.SetResult();
        }
        else
        {
            round.SetException(failure);
        }
    }

    /// <summary>
    /// An fsync of the log through a handle of our own (fsync covers every write to the file, whichever descriptor made
    /// it). Opened for each sync: SQLite deletes the log when its last connection closes and creates a new one later.
    /// No log means every commit is already in the database file, which the checkpoint before the deletion synced.
    /// SQLite's locks live on the database and its shared-memory file, never on the log, so closing this handle
    /// cannot release one of them.
    /// </summary>
    private static Action FlushLog(string walPath) => () =>
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        using (handle)
        {
            // fdatasync, as SQLite itself syncs: the data and the file's size, not its timestamps (fsync would also
            // commit the file system's journal for the new modification time on every call).
            if (NativeMethods.fdatasync(handle.DangerousGetHandle().ToInt32()) != 0)
            {
                throw new IOException($"fdatasync of {walPath} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
    };

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int fdatasync(int fileDescriptor);
    }
}
