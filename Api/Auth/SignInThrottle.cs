using System.Collections.Concurrent;
using Lapor.Api.Http;

namespace Lapor.Api.Auth;

/// <summary>
/// Back-off per account and client address: after <see cref="RateLimitSettings.SignInFreeFailures"/> failed sign-ins
/// every further failure doubles the wait before the next attempt (1 s, 2 s, 4 s, ... up to
/// <see cref="RateLimitSettings.SignInMaxBackoff"/>). A success clears it. Kept in memory, bounded in size.
/// </summary>
public sealed class SignInThrottle(RateLimitSettings settings, TimeProvider time)
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Null: the attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? Wait(string account, string address)
    {
        if (!settings.Enabled || !_entries.TryGetValue(Key(account, address), out var entry))
        {
            return null;
        }

        lock (entry)
        {
            var left = entry.LockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    public void Failed(string account, string address)
    {
        if (_entries.Count >= MaxEntries)
        {
            Prune();
        }

        var entry = _entries.GetOrAdd(Key(account, address), _ => new Entry());
        lock (entry)
        {
            var now = time.GetUtcNow();
            entry.Failures++;
            entry.LastFailure = now;
            var over = entry.Failures - settings.SignInFreeFailures - 1;
            if (over >= 0)
            {
                var wait = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(over, 20)));
                entry.LockedUntil = now + (wait < settings.SignInMaxBackoff ? wait : settings.SignInMaxBackoff);
            }
        }
    }

    public void Succeeded(string account, string address) => _entries.TryRemove(Key(account, address), out _);

    private static string Key(string account, string address) => account.ToUpperInvariant() + "\n" + address;

    /// <summary>Forgets entries without a failure in the last hour whose wait is over; if still full, forgets all.</summary>
    private void Prune()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromHours(1);
        foreach (var (key, entry) in _entries)
        {
            if (entry.LastFailure < cutoff && entry.LockedUntil < time.GetUtcNow())
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }
        public DateTimeOffset LastFailure { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
    }
}
