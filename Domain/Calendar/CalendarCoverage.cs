
namespace Lapor.Domain.Calendar;

/// <summary>Which years deadlines are about to be counted in without holiday data.</summary>
public static class CalendarCoverage
{
    /// <summary>
    /// This year and next (in WIT, the zone whose year turns first) where <paramref name="years"/> has no data:
    /// deadlines set now can reach into both, and there they skip weekends only.
    /// </summary>
    public static IReadOnlyList<int> MissingAhead(IEnumerable<int> years, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(years);
        var have = years.ToHashSet();
        var thisYear = IndonesianZones.LocalDate(now, AgencyZone.Wit).Year;
        return [.. new[] { thisYear, thisYear + 1 }.Where(y => !have.Contains(y))];
    }

    /// <summary>The warning shown to admins, in Indonesian; null when nothing is missing.</summary>
    public static string? Warning(IReadOnlyList<int> missingAhead)
    {
        ArgumentNullException.ThrowIfNull(missingAhead);
        return missingAhead.Count == 0
            ? null
            : $"Data hari libur dan cuti bersama tahun {string.Join(" dan ", missingAhead)} belum tersedia. Tenggat yang melewati " +
              "tahun tersebut hanya melewati akhir pekan dan ditandai sementara; tenggat dihitung ulang setelah data diisi.";
    }
}
