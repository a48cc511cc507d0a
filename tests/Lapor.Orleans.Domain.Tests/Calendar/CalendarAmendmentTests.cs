using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Sla;

using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Calendar;

/// <summary>The mid-year cuti bersama of 18 August 2025 in the shipped data and in stored data.</summary>
public class CalendarAmendmentTests
{
    /// <summary>2025 as an admin stored it from the first decree alone (before the amendment shipped).</summary>
    private static HolidayYear FirstDecreeOnly() => BuiltInHolidays.Load().Single(y => y.Year == 2025) is var shipped
        ? shipped with { Days = [.. shipped.Days.Where(d => d.Date != Day("2025-08-18"))], Source = "SKB 3 Menteri 2024" }
        : throw new InvalidOperationException();

    [Fact]
    public void Monday_18_August_2025_is_a_cuti_bersama_in_the_shipped_calendar()
    {
        var day = Cal.HolidayOn(Day("2025-08-18"));

        Assert.Equal(HolidayKind.CutiBersama, day?.Kind);
        Assert.False(Cal.IsWorkingDay(Day("2025-08-18")));
        Assert.Equal(11, BuiltInHolidays.Load().Single(y => y.Year == 2025).Days.Count(d => d.Kind == HolidayKind.CutiBersama));
    }

    [Fact]
    public void A_deadline_across_18_August_2025_is_one_working_day_later_than_by_the_first_decree_alone()
    {
        // Routed Fri 15 Aug 2025: 17 Aug is a Sunday, 18 Aug cuti bersama → 19, 20, 21 Aug.
        var start = At("2025-08-15T10:00:00+07:00");
        var firstDecree = new WorkingCalendar([FirstDecreeOnly(), .. BuiltInHolidays.Load().Where(y => y.Year != 2025)]);

        Assert.Equal(At("2025-08-22T00:00:00+07:00"), Deadlines.Due(SlaLimit.WorkingDays(3), start, AgencyZone.Wib, Cal));
        Assert.Equal(At("2025-08-21T00:00:00+07:00"), Deadlines.Due(SlaLimit.WorkingDays(3), start, AgencyZone.Wib, firstDecree));
    }

    [Fact]
    public void A_2025_stored_before_the_amendment_gets_18_August_once_with_the_amending_decree_in_its_source()
    {
        var stored = new Dictionary<int, HolidayYear> { [2025] = FirstDecreeOnly() };

        var upgraded = CalendarAmendments.Upgrade(stored, appliedLevel: 0);

        var year = Assert.Single(upgraded).Value;
        Assert.Equal(new Holiday(Day("2025-08-18"), HolidayKind.CutiBersama, "Cuti Bersama Hari Ulang Tahun ke-80 Kemerdekaan Republik Indonesia"),
            year.Days.Single(d => d.Date == Day("2025-08-18")));
        Assert.Equal(stored[2025].Days.Length + 1, year.Days.Length);
        Assert.Equal(year.Days.OrderBy(d => d.Date), year.Days);
        Assert.StartsWith("SKB 3 Menteri 2024 Ditambahkan otomatis: cuti bersama 2025-08-18", year.Source, StringComparison.Ordinal);
        Assert.Contains("Menteri Agama No. 933 Tahun 2025", year.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_data_that_already_lists_the_day_or_has_applied_the_amendment_or_lacks_the_year_is_left_alone()
    {
        var listed = BuiltInHolidays.Load().Single(y => y.Year == 2025) with { Source = "admin" };
        var renamed = FirstDecreeOnly() with { Days = [.. FirstDecreeOnly().Days, new Holiday(Day("2025-08-18"), HolidayKind.NationalHoliday, "Libur admin")] };

        Assert.Empty(CalendarAmendments.Upgrade(new Dictionary<int, HolidayYear> { [2025] = listed }, 0));
        Assert.Empty(CalendarAmendments.Upgrade(new Dictionary<int, HolidayYear> { [2025] = renamed }, 0));
        Assert.Empty(CalendarAmendments.Upgrade(new Dictionary<int, HolidayYear> { [2025] = FirstDecreeOnly() }, CalendarAmendments.Latest));
        Assert.Empty(CalendarAmendments.Upgrade(new Dictionary<int, HolidayYear> { [2026] = BuiltInHolidays.Load().Single(y => y.Year == 2026) }, 0));
    }
}
