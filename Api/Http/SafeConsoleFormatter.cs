using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Lapor.Api.Http;

/// <summary>
/// The API's console log format: one line per entry, <c>level: category[event] message</c>. Control characters in
/// the message (CR, LF, escape sequences, Unicode line separators), which a request can carry in its URL or headers,
/// are written escaped (<c>\r</c>, <c>\n</c>, <c>\u001b</c>), so no request can forge a log line or recolour the
/// terminal. Exception lines follow, indented and escaped the same way.
/// </summary>
public sealed class SafeConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "lapor";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder();
        line.Append(Level(logEntry.LogLevel)).Append(": ").Append(Escape(logEntry.Category))
            .Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(Escape(message ?? ""));
        textWriter.Write(line.Append('\n').ToString());
        if (logEntry.Exception is { } exception)
        {
            foreach (var exceptionLine in exception.ToString().Split('\n'))
            {
                textWriter.Write("      " + Escape(exceptionLine.TrimEnd('\r')) + "\n");
            }
        }
    }

    /// <summary>Control characters and Unicode line/paragraph separators as escapes; everything else as is.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when NeedsEscape(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
