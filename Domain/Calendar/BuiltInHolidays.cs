using System.Reflection;

namespace Lapor.Domain.Calendar;

/// <summary>
/// The holiday years shipped with the application (embedded <c>Calendar/Data/holidays-YYYY.json</c>, logical
/// name <c>Lapor.Calendar.holidays-YYYY.json</c>). They seed the calendar; admins override them via the API.
/// </summary>
public static class BuiltInHolidays
{
    public const string ResourcePrefix = "Lapor.Calendar.holidays-";

    private static readonly Lazy<IReadOnlyList<HolidayYear>> Years = new(LoadCore);

    /// <summary>The shipped years, ascending. Throws <see cref="InvalidOperationException"/> if a file is invalid.</summary>
    public static IReadOnlyList<HolidayYear> Load() => Years.Value;

    /// <summary>A calendar of the shipped years.</summary>
    public static WorkingCalendar CreateCalendar() => new(Load());

    private static List<HolidayYear> LoadCore()
    {
        var assembly = typeof(BuiltInHolidays).Assembly;
        var years = new List<HolidayYear>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            years.Add(LoadResource(assembly, resource));
        }

        return [.. years.OrderBy(y => y.Year)];
    }

    private static HolidayYear LoadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var result = HolidayYearParser.Parse(buffer.ToArray());
        if (result.Value is null)
        {
            var details = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
            throw new InvalidOperationException($"Built-in holiday file {resource} is invalid: {details}");
        }

        var expected = resource[ResourcePrefix.Length..^".json".Length];
        if (expected != result.Value.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Built-in holiday file {resource} contains year {result.Value.Year}.");
        }

        return result.Value;
    }
}
