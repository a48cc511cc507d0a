using System.Collections.Immutable;
using Lapor.Domain.Calendar;

namespace Lapor.Grains.Calendar;

/// <summary>The national working-day calendar: the shipped years plus every year an admin has replaced.</summary>
[Alias("lapor.ICalendarGrain")]
public interface ICalendarGrain : IGrainWithStringKey
{
    const string Key = "nasional";

    [Alias("GetYears")]
    Task<CalendarSnapshot> GetYears();

    /// <summary>Replaces one year's holidays and cuti bersama. Deadlines already running keep their due times.</summary>
    [Alias("ReplaceYear")]
    Task<CalendarSnapshot> ReplaceYear(HolidayYear year);
}

[GenerateSerializer, Immutable, Alias("lapor.CalendarSnapshot")]
public sealed record CalendarSnapshot(
    [property: Id(0)] int Version,
    [property: Id(1)] ImmutableArray<HolidayYear> Years);
