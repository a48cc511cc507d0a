using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lapor.Hosting.Storage;

/// <summary>How durable the embedded database's commits are when the engine answers (always WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit is durable once the WAL is synced at the next checkpoint: an application crash loses nothing, a power
    /// cut or OS crash can lose the last commits (never corrupts). Commits cost no fsync.
    /// </summary>
    Normal = 1,

    /// <summary>
    /// Every write the engine waits for is on disk before it returns, as with SQLite's <c>synchronous=FULL</c>: durable
    /// across a power cut. The fsync is shared by concurrent writers (<see cref="SqliteWalSync"/>).
    /// </summary>
    Full = 2,
}

/// <summary>
/// What every SQLite connection of this process gets when it opens, including the connections Orleans' ADO.NET
/// providers open for grain state and reminders (no connection-string keyword carries these): a busy handler for the
/// write lock, instead of Microsoft.Data.Sqlite's retry that sleeps 150 ms per SQLITE_BUSY, and
/// <c>synchronous=NORMAL</c>: no commit waits for the disk under the write lock; writers that must be durable sync the
/// log together afterwards (<see cref="SqliteWalSync"/>). Registered once per process through
/// <c>sqlite3_auto_extension</c> of the bundled e_sqlite3 library; the first registration wins.
/// </summary>
public static class SqliteTuning
{
    private static readonly Lock Gate = new();
    private static EntryPoint? _entry;
    private static BusyHandler? _busy;
    private static readonly byte[] Pragma = "PRAGMA synchronous=NORMAL;\0"u8.ToArray();
    private static TimeSpan _busyTimeout;
    private static long _busyWaits;

    [ThreadStatic]
    private static long t_busySince;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int EntryPoint(IntPtr db, IntPtr errorMessage, IntPtr api);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr argument, int count);

    /// <summary>How many times a connection of this process found the write lock taken and waited (since start).</summary>
    public static long BusyWaits => Interlocked.Read(ref _busyWaits);

    /// <summary>The busy timeout in force (null until <see cref="Apply"/> ran).</summary>
    public static TimeSpan? Applied { get; private set; }

    /// <summary>Registers the settings for every connection opened from now on (no-op after the first call).</summary>
    public static void Apply(TimeSpan busyTimeout)
    {
        lock (Gate)
        {
            if (_entry is not null)
            {
                return;
            }

            // Loads the bundled library first, so the registration below lands in the very instance Microsoft.Data.Sqlite uses.
            SQLitePCL.Batteries_V2.Init();
            _busyTimeout = busyTimeout;
            _busy = OnBusy;
            _entry = OnOpen;
            var rc = NativeMethods.sqlite3_auto_extension(Marshal.GetFunctionPointerForDelegate(_entry));
            if (rc != 0)
            {
                _entry = null;
                throw new InvalidOperationException($"sqlite3_auto_extension failed with code {rc}.");
            }

            Applied = busyTimeout;
        }
    }

    private static int OnOpen(IntPtr db, IntPtr errorMessage, IntPtr api)
    {
        _ = NativeMethods.sqlite3_busy_handler(db, Marshal.GetFunctionPointerForDelegate(_busy!), IntPtr.Zero);
        return NativeMethods.sqlite3_exec(db, Pragma, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
    }

    /// <summary>
    /// Called by SQLite on the waiting thread while another connection holds the write lock; nonzero means "try again".
    /// The holder keeps it for one transaction (well under a millisecond; one fsync with FULL), so the waiter looks again
    /// at once a few times and then every millisecond, until the timeout. SQLite's own handler backs off to 100 ms
    /// between looks: with a dozen concurrent writers the lock then sat free while they all slept.
    /// </summary>
    private static int OnBusy(IntPtr argument, int count)
    {
        var now = Stopwatch.GetTimestamp();
        if (count == 0)
        {
            t_busySince = now;
        }
        else if (Stopwatch.GetElapsedTime(t_busySince, now) >= _busyTimeout)
        {
            return 0;
        }

        Interlocked.Increment(ref _busyWaits);
        if (count < 3)
        {
            Thread.Yield();
        }
        else
        {
            Thread.Sleep(1);
        }

        return 1;
    }

    private static class NativeMethods
    {
        private const string Library = "e_sqlite3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_auto_extension(IntPtr entryPoint);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_busy_handler(IntPtr db, IntPtr handler, IntPtr argument);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_exec(IntPtr db, byte[] sql, IntPtr callback, IntPtr argument, IntPtr errorMessage);
    }
}
