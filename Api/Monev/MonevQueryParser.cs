using System.Globalization;
using Lapor.Api.Http;
using Lapor.Domain.Monev;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Monev;

/// <summary>Turns a <see cref="MonevRange"/> into a <see cref="MonevQuery"/>, or a validation problem naming the parameter.</summary>
public static class MonevQueryParser
{
    /// <summary>
    /// Missing period: <paramref name="fallback"/>. Missing from: 1 January of <paramref name="today"/>'s year; missing to:
    /// the end of what from names (its year, month or day), or 31 December when from is missing too.
    /// </summary>
    public static ValidationProblem? Parse(MonevRange range, DateOnly today, MonevPeriod fallback, out MonevQuery query)
    {
        ArgumentNullException.ThrowIfNull(range);
        query = null!;
        MonevPeriod p;
        switch (range.Period)
        {
            case null: p = fallback; break;
            case "day": p = MonevPeriod.Day; break;
            case "month": p = MonevPeriod.Month; break;
            case "quarter": p = MonevPeriod.Quarter; break;
            case "year": p = MonevPeriod.Year; break;
            default: return Problems.Invalid("period", "Harus day, month, quarter atau year.");
        }

        var (from, to) = (range.From, range.To);
        DateOnly start, end;
        if (from is null)
        {
            start = new DateOnly(today.Year, 1, 1);
        }
        else if (ParseDate(from, last: false) is { } s)
        {
            start = s;
        }
        else
        {
            return Problems.Invalid("from", "Format: yyyy, yyyy-MM atau yyyy-MM-dd.");
        }

        if (to is null)
        {
            end = from is null ? new DateOnly(today.Year, 12, 31) : ParseDate(from, last: true)!.Value;
            if (from is not null && from.Length == 4)
            {
                end = new DateOnly(start.Year, 12, 31);
            }
        }
        else if (ParseDate(to, last: true) is { } e)
        {
            end = e;
        }
        else
        {
            return Problems.Invalid("to", "Format: yyyy, yyyy-MM atau yyyy-MM-dd.");
        }

        if (end < start)
        {
            return Problems.Invalid("to", "Tidak boleh sebelum 'from'.");
        }

        if (end.DayNumber - start.DayNumber > (p == MonevPeriod.Day ? 366 : 3660))
        {
            return Problems.Invalid("to", p == MonevPeriod.Day ? "Per hari paling banyak 367 hari." : "Paling banyak 10 tahun.");
        }

        query = new MonevQuery(p, start, end);
        return null;
    }

    private static DateOnly? ParseDate(string text, bool last)
    {
        var culture = CultureInfo.InvariantCulture;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, culture, out var year) && year is >= 2000 and <= 2100)
        {
            return last ? new DateOnly(year, 12, 31) : new DateOnly(year, 1, 1);
        }

        if (text.Length == 7 && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", culture, DateTimeStyles.None, out var month) && month.Year is >= 2000 and <= 2100)
        {
            return last ? month.AddMonths(1).AddDays(-1) : month;
        }

        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", culture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100
            ? day
            : null;
    }
}
