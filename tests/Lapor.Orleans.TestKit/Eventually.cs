using System.Diagnostics;

namespace Lapor.TestKit;

/// <summary>
/// Waiting, with a deadline, for something another process or thread does. Real time on purpose: use it for what no
/// test clock drives (a host starting, a server answering, a background delivery); drive a fake clock for the rest.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> holds for its value, which it returns; past
    /// <paramref name="timeout"/> a <see cref="TimeoutException"/> names <paramref name="what"/> and the last value.
    /// </summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        TimeSpan? poll = null, Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (watch.Elapsed > timeout)
            {
                var text = describe is not null ? describe(last) : last?.ToString() ?? "null";
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {what}; last value: {text}");
            }

            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    /// <summary>
    /// Whether <paramref name="condition"/> became true within <paramref name="timeout"/>; exceptions
    /// <paramref name="transient"/> accepts count as "not yet".
    /// </summary>
    public static async Task<bool> TrueWithinAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? poll = null,
        Func<Exception, bool>? transient = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception e) when (transient?.Invoke(e) == true)
            {
            }

            await Task.Delay(poll ?? DefaultPoll);
        }

        return false;
    }

    /// <summary>
    /// Until <paramref name="baseAddress"/> answers <paramref name="path"/> with a success status. <paramref name="gone"/>
    /// may say why waiting is pointless (the process exited), which fails at once. A host now ready there is a new host,
    /// perhaps on a port an earlier host (another signing key or clock) had: the tokens cached for the address are dropped.
    /// </summary>
    public static async Task HttpReadyAsync(Uri baseAddress, TimeSpan timeout, string path = "/health/ready", Func<string?>? gone = null)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (gone?.Invoke() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    LaporClient.ForgetTokens(baseAddress);
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too slow to answer
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{baseAddress} not ready after {timeout.TotalSeconds:0.#}s.");
            }

            await Task.Delay(DefaultPoll);
        }
    }
}
