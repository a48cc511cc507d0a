using Lapor.Domain.Calendar;

namespace Lapor.Api.Contracts;

/// <summary>One year of holidays and cuti bersama, where the list came from and whether it ships with Lapor.</summary>
public sealed record CalendarYearView(int Year, string Source, bool Shipped, IReadOnlyList<Holiday> Days);
