using Lapor.Domain.Calendar;
using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Calendar;

public class IndonesianZonesTests
{
    [Theory]
    [InlineData(AgencyZone.Wib, "Asia/Jakarta", "WIB", 7)]
    [InlineData(AgencyZone.Wita, "Asia/Makassar", "WITA", 8)]
    [InlineData(AgencyZone.Wit, "Asia/Jayapura", "WIT", 9)]
    public void Each_zone_maps_to_its_IANA_id_label_and_fixed_offset(AgencyZone zone, string iana, string label, int hours)
    {
        Assert.Equal(iana, IndonesianZones.IanaId(zone));
        Assert.Equal(label, IndonesianZones.Label(zone));
        Assert.Equal(TimeSpan.FromHours(hours), IndonesianZones.Offset(zone));
        var tz = IndonesianZones.Get(zone);
        foreach (var month in new[] { 1, 4, 7, 10 })
        {
            // No daylight saving: the same offset all year.
            Assert.Equal(TimeSpan.FromHours(hours), tz.GetUtcOffset(new DateTime(2026, month, 15, 0, 0, 0, DateTimeKind.Utc)));
        }
    }

    [Theory]
    [InlineData(AgencyZone.Wib, "2026-03-12")]
    [InlineData(AgencyZone.Wita, "2026-03-13")]
    [InlineData(AgencyZone.Wit, "2026-03-13")]
    public void LocalDate_depends_on_the_zone(AgencyZone zone, string expected)
    {
        Assert.Equal(Day(expected), IndonesianZones.LocalDate(At("2026-03-12T16:30:00Z"), zone));
    }

    [Theory]
    [InlineData(AgencyZone.Wib, "2026-03-27T17:00:00Z")]
    [InlineData(AgencyZone.Wita, "2026-03-27T16:00:00Z")]
    [InlineData(AgencyZone.Wit, "2026-03-27T15:00:00Z")]
    public void StartOfDay_is_local_midnight_with_the_zone_offset(AgencyZone zone, string expectedUtc)
    {
        var start = IndonesianZones.StartOfDay(Day("2026-03-28"), zone);

        Assert.Equal(At(expectedUtc), start);
        Assert.Equal(IndonesianZones.Offset(zone), start.Offset);
        Assert.Equal(TimeSpan.Zero, start.TimeOfDay);
    }

    [Fact]
    public void An_unknown_zone_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndonesianZones.Get((AgencyZone)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndonesianZones.Label((AgencyZone)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndonesianZones.IanaId((AgencyZone)9));
    }
}
