using Lapor.Domain.Calendar;
using Lapor.Grains.Calendar;

namespace Lapor.Grains.Tests.Calendar;

/// <summary>The calendar grain: replacing a year, kept in real storage.</summary>
[Collection(EngineCollection.Name)]
public sealed class CalendarGrainTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task Calendar_replacement_for_2027_is_returned_by_GetYears()
    {
        var calendar = Grains.GetGrain<ICalendarGrain>(ICalendarGrain.Key);
        var before = await calendar.GetYears();
        Assert.DoesNotContain(before.Years, y => y.Year == 2027);
        Assert.Contains(before.Years, y => y.Year == 2026);

        var year = new HolidayYear(2027,
        [
            new Holiday(new DateOnly(2027, 1, 1), HolidayKind.NationalHoliday, "Tahun Baru 2027 Masehi"),
            new Holiday(new DateOnly(2027, 8, 17), HolidayKind.NationalHoliday, "Hari Kemerdekaan Republik Indonesia"),
            new Holiday(new DateOnly(2027, 12, 24), HolidayKind.CutiBersama, "Cuti Bersama Hari Raya Natal"),
        ], "SKB 3 Menteri 2027 (uji)");
        var returned = await calendar.ReplaceYear(year);
        Assert.Equal(before.Version + 1, returned.Version);

        var after = await calendar.GetYears();
        Assert.Equal(returned.Version, after.Version);
        var stored = Assert.Single(after.Years, y => y.Year == 2027);
        Assert.Equal(year.Source, stored.Source);
        Assert.Equal(year.Days.ToArray(), stored.Days.ToArray());
        Assert.Equal(before.Years.Select(y => y.Year).Append(2027).Order(), after.Years.Select(y => y.Year));

        // Survives deactivation (real storage).
        await Fixture.Cluster.DeactivateAsync(calendar);
        Assert.Equal(year.Days.ToArray(), Assert.Single((await calendar.GetYears()).Years, y => y.Year == 2027).Days.ToArray());
    }
}
