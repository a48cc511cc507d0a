using System.Collections.Immutable;
using System.Globalization;

namespace Lapor.Domain.Calendar;

/// <summary>
/// Days the government added to a year after its first decree, shipped in the built-in data and applied once to
/// stored data: a year an admin replaced before an amendment shipped would otherwise hide it. Each amendment has a
/// level; the calendar records the level it has applied, so a year an admin replaces afterwards is left as given.
/// </summary>
public static class CalendarAmendments
{
    public sealed record Amendment(int Level, Holiday Day, string Source);

    public static ImmutableArray<Amendment> All { get; } =
    [
        new(1, new Holiday(new DateOnly(2025, 8, 18), HolidayKind.CutiBersama, "Cuti Bersama Hari Ulang Tahun ke-80 Kemerdekaan Republik Indonesia"),
            "Keputusan Bersama Menteri Agama No. 933 Tahun 2025, Menteri Ketenagakerjaan No. 1 Tahun 2025, dan Menteri PANRB No. 3 Tahun 2025 (ditandatangani 7 Agustus 2025)"),
    ];

    /// <summary>The level of the newest amendment shipped.</summary>
    public static int Latest => All.Max(a => a.Level);

    /// <summary>
    /// <paramref name="stored"/> with every amendment above <paramref name="appliedLevel"/> added to its year, unless
    /// that date is already listed (the admin's entry wins). Only the years that changed are returned; each notes
    /// the amendment in its source.
    /// </summary>
    public static IReadOnlyDictionary<int, HolidayYear> Upgrade(IReadOnlyDictionary<int, HolidayYear> stored, int appliedLevel)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var changed = new Dictionary<int, HolidayYear>();
        foreach (var amendment in All.Where(a => a.Level > appliedLevel).OrderBy(a => a.Level))
        {
            var yearNumber = amendment.Day.Date.Year;
            if (!(changed.TryGetValue(yearNumber, out var year) || stored.TryGetValue(yearNumber, out year))
                || year.Days.Any(d => d.Date == amendment.Day.Date))
            {
                continue;
            }

            var date = amendment.Day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            changed[yearNumber] = year with
            {
                Days = [.. year.Days.Append(amendment.Day).OrderBy(d => d.Date)],
                Source = $"{year.Source} Ditambahkan otomatis: {(amendment.Day.Kind == HolidayKind.CutiBersama ? "cuti bersama" : "libur nasional")} {date} ({amendment.Source}).",
            };
        }

        return changed;
    }
}
