using System.Collections.Immutable;

namespace Lapor.Domain.Calendar;

/// <summary>Indonesia's three time zones (no daylight saving). Every agency works in exactly one.</summary>
[Alias("lapor.AgencyZone")]
public enum AgencyZone
{
    /// <summary>Waktu Indonesia Barat, Asia/Jakarta, UTC+7.</summary>
    Wib = 0,
    /// <summary>Waktu Indonesia Tengah, Asia/Makassar, UTC+8.</summary>
    Wita = 1,
    /// <summary>Waktu Indonesia Timur, Asia/Jayapura, UTC+9.</summary>
    Wit = 2,
}

[Alias("lapor.HolidayKind")]
public enum HolidayKind
{
    /// <summary>Hari libur nasional.</summary>
    NationalHoliday = 0,
    /// <summary>Cuti bersama (collective leave set by the SKB 3 Menteri).</summary>
    CutiBersama = 1,
}

/// <summary>One non-working day of the national calendar.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Holiday")]
public sealed record Holiday(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] HolidayKind Kind,
    [property: Id(2)] string Name);

/// <summary>The holidays and cuti bersama of one year, with the decree they come from.</summary>
[GenerateSerializer, Immutable, Alias("lapor.HolidayYear")]
public sealed record HolidayYear(
    [property: Id(0)] int Year,
    [property: Id(1)] ImmutableArray<Holiday> Days,
    [property: Id(2)] string Source);
