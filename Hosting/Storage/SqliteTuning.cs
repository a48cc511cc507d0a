using System.Runtime.InteropServices;
using System.Text;

namespace Lapor.Hosting.Storage;

/// <summary>SQLite's <c>synchronous</c> setting for the embedded database (always in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit is durable once the WAL is synced at the next checkpoint: an application crash loses nothing, a power
    /// cut or OS crash can lose the last commits (never corrupts). Commits cost no fsync.
    /// </summary>
    Normal = 1,

    /// <summary>Every commit syncs the WAL before it returns: durable across a power cut, one fsync per commit.</summary>
    Full = 2,
}

/// <summary>
/// What every SQLite connection of this process gets when it opens, including the connections Orleans' ADO.NET
/// providers open for grain state and reminders (no connection-string keyword carries these): SQLite's own busy
/// handler for the write lock, instead of Microsoft.Data.Sqlite's retry that sleeps 150 ms per SQLITE_BUSY, and the
/// <c>synchronous</c> setting. Registered once per process through <c>sqlite3_auto_extension</c> of the bundled
/// e_sqlite3 library; the first registration wins.
/// </summary>
public static class SqliteTuning
{
    private static readonly Lock Gate = new();
    private static EntryPoint? _entry;
    private static byte[] _pragma = [];
    private static int _busyMilliseconds;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int EntryPoint(IntPtr db, IntPtr errorMessage, IntPtr api);

    /// <summary>The settings in force (null until <see cref="Apply"/> ran).</summary>
    public static (SqliteSynchronous Synchronous, TimeSpan BusyTimeout)? Applied { get; private set; }

    /// <summary>Registers the settings for every connection opened from now on (no-op after the first call).</summary>
    public static void Apply(SqliteSynchronous synchronous, TimeSpan busyTimeout)
    {
        lock (Gate)
        {
            if (_entry is not null)
            {
                return;
            }

            // Loads the bundled library first, so the registration below lands in the very instance Microsoft.Data.Sqlite uses.
            SQLitePCL.Batteries_V2.Init();
            _pragma = Encoding.ASCII.GetBytes($"PRAGMA synchronous={synchronous.ToString().ToUpperInvariant()};\0");
            _busyMilliseconds = (int)busyTimeout.TotalMilliseconds;
            _entry = OnOpen;
            var rc = NativeMethods.sqlite3_auto_extension(Marshal.GetFunctionPointerForDelegate(_entry));
            if (rc != 0)
            {
                _entry = null;
                throw new InvalidOperationException($"sqlite3_auto_extension failed with code {rc}.");
            }

            Applied = (synchronous, busyTimeout);
        }
    }

    private static int OnOpen(IntPtr db, IntPtr errorMessage, IntPtr api)
    {
        _ = NativeMethods.sqlite3_busy_timeout(db, _busyMilliseconds);
        return NativeMethods.sqlite3_exec(db, _pragma, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
    }

    private static class NativeMethods
    {
        private const string Library = "e_sqlite3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_auto_extension(IntPtr entryPoint);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_busy_timeout(IntPtr db, int milliseconds);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_exec(IntPtr db, byte[] sql, IntPtr callback, IntPtr argument, IntPtr errorMessage);
    }
}
