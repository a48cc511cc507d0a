using System.Data.Common;

namespace Lapor.Api.Http;

/// <summary>Which faults are worth a retry: a silo going away, a timeout, the database briefly unreachable.</summary>
public static class Transient
{
    public static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                or DbException or Orleans.Storage.InconsistentStateException or OrleansException or System.Net.Sockets.SocketException
                or ObjectDisposedException or OperationCanceledException)
            {
                return true;
            }

            // A fault on another silo whose exception could not be carried back (e.g. a driver exception with
            // unserializable details): the call failed remotely, which during an outage is a transient fault.
            if (e is Orleans.Serialization.CodecNotFoundException && e.StackTrace?.Contains("ExceptionCodec", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Retries an idempotent call a few times on transient faults before letting the handler answer 503, except after a
    /// timeout: the caller already waited a whole grain-call timeout (a silo that hangs, or a grain whose turns wait on
    /// one), and each retry would make a person wait that long again. A staff read (two such calls, up to six timeouts)
    /// once went unanswered for more than 30 s while a hung silo was being evicted; now it answers 503 with Retry-After
    /// within two timeouts.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < attempts && IsTransient(ex) && !TimedOut(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private static bool TimedOut(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
