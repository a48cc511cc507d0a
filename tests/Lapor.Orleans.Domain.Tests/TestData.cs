using System.Globalization;
using Lapor.Domain.Calendar;

namespace Lapor.Domain.Tests;

/// <summary>Expected facts typed in from the decrees listed in docs/domain.md §7, independent of the shipped JSON.</summary>
public static class TestData
{
    public static readonly WorkingCalendar Cal = BuiltInHolidays.CreateCalendar();

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>2026 from the decree (docs/domain.md §7) with the weekday the document states.</summary>
    public static readonly (string Date, DayOfWeek Weekday, HolidayKind Kind)[] Days2026 =
    [
        ("2026-01-01", DayOfWeek.Thursday, HolidayKind.NationalHoliday),
        ("2026-01-16", DayOfWeek.Friday, HolidayKind.NationalHoliday),
        ("2026-02-17", DayOfWeek.Tuesday, HolidayKind.NationalHoliday),
        ("2026-03-19", DayOfWeek.Thursday, HolidayKind.NationalHoliday),
        ("2026-03-21", DayOfWeek.Saturday, HolidayKind.NationalHoliday),
        ("2026-03-22", DayOfWeek.Sunday, HolidayKind.NationalHoliday),
        ("2026-04-03", DayOfWeek.Friday, HolidayKind.NationalHoliday),
        ("2026-04-05", DayOfWeek.Sunday, HolidayKind.NationalHoliday),
        ("2026-05-01", DayOfWeek.Friday, HolidayKind.NationalHoliday),
        ("2026-05-14", DayOfWeek.Thursday, HolidayKind.NationalHoliday),
        ("2026-05-27", DayOfWeek.Wednesday, HolidayKind.NationalHoliday),
        ("2026-05-31", DayOfWeek.Sunday, HolidayKind.NationalHoliday),
        ("2026-06-01", DayOfWeek.Monday, HolidayKind.NationalHoliday),
        ("2026-06-16", DayOfWeek.Tuesday, HolidayKind.NationalHoliday),
        ("2026-08-17", DayOfWeek.Monday, HolidayKind.NationalHoliday),
        ("2026-08-25", DayOfWeek.Tuesday, HolidayKind.NationalHoliday),
        ("2026-12-25", DayOfWeek.Friday, HolidayKind.NationalHoliday),
        ("2026-02-16", DayOfWeek.Monday, HolidayKind.CutiBersama),
        ("2026-03-18", DayOfWeek.Wednesday, HolidayKind.CutiBersama),
        ("2026-03-20", DayOfWeek.Friday, HolidayKind.CutiBersama),
        ("2026-03-23", DayOfWeek.Monday, HolidayKind.CutiBersama),
        ("2026-03-24", DayOfWeek.Tuesday, HolidayKind.CutiBersama),
        ("2026-05-15", DayOfWeek.Friday, HolidayKind.CutiBersama),
        ("2026-05-28", DayOfWeek.Thursday, HolidayKind.CutiBersama),
        ("2026-12-24", DayOfWeek.Thursday, HolidayKind.CutiBersama),
    ];

    /// <summary>2025 from the decrees (docs/domain.md §7): 17 national holidays and 11 cuti bersama.</summary>
    public static readonly (string Date, HolidayKind Kind)[] Days2025 =
    [
        ("2025-01-01", HolidayKind.NationalHoliday), ("2025-01-27", HolidayKind.NationalHoliday),
        ("2025-01-29", HolidayKind.NationalHoliday), ("2025-03-29", HolidayKind.NationalHoliday),
        ("2025-03-31", HolidayKind.NationalHoliday), ("2025-04-01", HolidayKind.NationalHoliday),
        ("2025-04-18", HolidayKind.NationalHoliday), ("2025-04-20", HolidayKind.NationalHoliday),
        ("2025-05-01", HolidayKind.NationalHoliday), ("2025-05-12", HolidayKind.NationalHoliday),
        ("2025-05-29", HolidayKind.NationalHoliday), ("2025-06-01", HolidayKind.NationalHoliday),
        ("2025-06-06", HolidayKind.NationalHoliday), ("2025-06-27", HolidayKind.NationalHoliday),
        ("2025-08-17", HolidayKind.NationalHoliday), ("2025-09-05", HolidayKind.NationalHoliday),
        ("2025-12-25", HolidayKind.NationalHoliday),
        ("2025-01-28", HolidayKind.CutiBersama), ("2025-03-28", HolidayKind.CutiBersama),
        ("2025-04-02", HolidayKind.CutiBersama), ("2025-04-03", HolidayKind.CutiBersama),
        ("2025-04-04", HolidayKind.CutiBersama), ("2025-04-07", HolidayKind.CutiBersama),
        ("2025-05-13", HolidayKind.CutiBersama), ("2025-05-30", HolidayKind.CutiBersama),
        ("2025-06-09", HolidayKind.CutiBersama), ("2025-12-26", HolidayKind.CutiBersama),
        // Added mid-year by the amending SKB (Menag 933/2025, Menaker 1/2025, MenPANRB 3/2025, 7 Aug 2025).
        ("2025-08-18", HolidayKind.CutiBersama),
    ];

    public static TheoryData<string, DayOfWeek, HolidayKind> Listed2026()
    {
        var data = new TheoryData<string, DayOfWeek, HolidayKind>();
        foreach (var (date, weekday, kind) in Days2026)
        {
            data.Add(date, weekday, kind);
        }

        return data;
    }

    public static TheoryData<string, HolidayKind> ListedAll()
    {
        var data = new TheoryData<string, HolidayKind>();
        foreach (var (date, kind) in Days2025)
        {
            data.Add(date, kind);
        }

        foreach (var (date, _, kind) in Days2026)
        {
            data.Add(date, kind);
        }

        return data;
    }

    public static TheoryData<string> ListedWeekdays()
    {
        var data = new TheoryData<string>();
        foreach (var (date, _) in ListedAllPairs())
        {
            if (Day(date).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                data.Add(date);
            }
        }

        return data;
    }

    private static IEnumerable<(string Date, HolidayKind Kind)> ListedAllPairs() =>
        Days2025.Concat(Days2026.Select(d => (d.Date, d.Kind)));
}
