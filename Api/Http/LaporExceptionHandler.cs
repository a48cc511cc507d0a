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
