
namespace Lapor.Domain.Calendar;

/// <summary>
/// Maps <see cref="AgencyZone"/> to a <see cref="TimeZoneInfo"/>. Indonesia has no daylight saving; when the
/// machine has no tz database the zone falls back to a fixed-offset custom zone with the same id.
/// </summary>
public static class IndonesianZones
{
    private static readonly TimeZoneInfo Jakarta = Resolve("Asia/Jakarta", TimeSpan.FromHours(7), "WIB");
    private static readonly TimeZoneInfo Makassar = Resolve("Asia/Makassar", TimeSpan.FromHours(8), "WITA");
    private static readonly TimeZoneInfo Jayapura = Resolve("Asia/Jayapura", TimeSpan.FromHours(9), "WIT");

    /// <summary>All three zones, west to east.</summary>
    public static IReadOnlyList<AgencyZone> All { get; } = [AgencyZone.Wib, AgencyZone.Wita, AgencyZone.Wit];

    /// <summary>The time zone of <paramref name="zone"/>.</summary>
    public static TimeZoneInfo Get(AgencyZone zone) => zone switch
    {
        AgencyZone.Wib => Jakarta,
        AgencyZone.Wita => Makassar,
        AgencyZone.Wit => Jayapura,
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "Unknown AgencyZone."),
    };

    /// <summary>The IANA id: Asia/Jakarta, Asia/Makassar or Asia/Jayapura.</summary>
    public static string IanaId(AgencyZone zone) => zone switch
    {
        AgencyZone.Wib => "Asia/Jakarta",
        AgencyZone.Wita => "Asia/Makassar",
        AgencyZone.Wit => "Asia/Jayapura",
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "Unknown AgencyZone."),
    };

    /// <summary>The Indonesian label: WIB, WITA or WIT.</summary>
    public static string Label(AgencyZone zone) => zone switch
    {
        AgencyZone.Wib => "WIB",
        AgencyZone.Wita => "WITA",
        AgencyZone.Wit => "WIT",
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "Unknown AgencyZone."),
    };

    /// <summary>The fixed UTC offset of the zone: +7, +8 or +9 hours.</summary>
    public static TimeSpan Offset(AgencyZone zone) => zone switch
    {
        AgencyZone.Wib => TimeSpan.FromHours(7),
        AgencyZone.Wita => TimeSpan.FromHours(8),
        AgencyZone.Wit => TimeSpan.FromHours(9),
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "Unknown AgencyZone."),
    };

    /// <summary><paramref name="instant"/> expressed in the zone's local time (same instant, zone offset).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant, AgencyZone zone) =>
        TimeZoneInfo.ConvertTime(instant, Get(zone));

    /// <summary>The local calendar day on which <paramref name="instant"/> falls in the zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, AgencyZone zone) =>
        DateOnly.FromDateTime(ToLocal(instant, zone).DateTime);

    /// <summary>The instant of local midnight that starts <paramref name="date"/> in the zone.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, AgencyZone zone)
    {
        var tz = Get(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, tz.GetUtcOffset(local));
    }

    private static TimeZoneInfo Resolve(string ianaId, TimeSpan offset, string label)
    {
        try
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(ianaId);
            // Guard against a broken tz database: the offset for current dates must be the legal one.
            if (tz.GetUtcOffset(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)) == offset)
            {
                return tz;
            }
        }
        catch (TimeZoneNotFoundException)
        {
        }
        catch (InvalidTimeZoneException)
        {
        }

        return TimeZoneInfo.CreateCustomTimeZone(ianaId, offset, $"(UTC+{offset.Hours:00}:00) {label}", label);
    }
}
