using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Lapor.Api.Http;

/// <summary>
/// Last line of defence: malformed input becomes a 400 naming the field, a passing cluster or database fault a 503
/// with Retry-After, and anything else a 500 that reveals nothing of the request (no report content, no identity).
/// </summary>
public sealed partial class LaporExceptionHandler(IProblemDetailsService problems, ILogger<LaporExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var json = FindInner<JsonException>(exception);
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Permintaan terlalu besar." : "Permintaan tidak valid.",
                Detail = json is not null ? "Isi JSON tidak dapat dibaca." : "Permintaan tidak dapat dibaca.",
            };
            // Name the field (JSON path or parameter), never echo the value: it may be hostile or personal.
            var field = json?.Path is { } path ? path.TrimStart('$', '.') : ParameterName(bad.Message);
            if (field is { Length: > 0 })
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["Nilai tidak valid untuk bidang ini."] };
            }
        }
        else if (Transient.IsTransient(exception))
        {
            LogTransient(logger, exception.GetType().Name);
            context.Response.Headers.RetryAfter = "2";
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Layanan sedang tidak tersedia sementara.",
                Detail = "Coba lagi sebentar lagi.",
            };
        }
        else
        {
            // Log the type and stack only: messages may quote request content.
            LogUnhandled(logger, exception.GetType().FullName ?? "?", exception.StackTrace ?? "");
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Terjadi kesalahan internal." };
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string? ParameterName(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?:[^\" ]+ )?([A-Za-z0-9_-]+)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static T? FindInner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T t)
            {
                return t;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient fault answered with 503: {ExceptionType}")]
    private static partial void LogTransient(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} at {StackTrace}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string stackTrace);
}

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

    /// <summary>Retries an idempotent call a few times on transient faults before letting the handler answer 503.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < attempts && IsTransient(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}
