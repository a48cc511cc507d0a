using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lapor.Domain.Calendar;

/// <summary>The outcome of <see cref="HolidayYearParser"/>: either a year or the errors found.</summary>
public sealed class HolidayYearParseResult
{
    private HolidayYearParseResult(HolidayYear? value, IReadOnlyList<(string Field, string Message)> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The parsed year (days sorted by date); null when <see cref="Errors"/> is not empty.</summary>
    public HolidayYear? Value { get; }

    /// <summary>Field path (English JSON names, e.g. <c>days[3].date</c>) and message (Indonesian).</summary>
    public IReadOnlyList<(string Field, string Message)> Errors { get; }

    public bool IsValid => Value is not null;

    internal static HolidayYearParseResult Ok(HolidayYear value) => new(value, []);

    internal static HolidayYearParseResult Fail(IReadOnlyList<(string Field, string Message)> errors) => new(null, errors);
}

/// <summary>
/// Reads and writes one year of holidays in the JSON shape shipped in <c>Calendar/Data</c> and accepted by the
/// admin API:
/// <code>{"year":2026,"source":"SKB ...","days":[{"date":"2026-01-01","kind":"NationalHoliday","name":"..."}]}</code>
/// Property names match case-insensitively; unknown properties are ignored. <c>kind</c> is
/// <c>NationalHoliday</c> or <c>CutiBersama</c>. Dates are <c>yyyy-MM-dd</c>, inside the year, not repeated;
/// weekend dates are allowed (holidays do fall on Sundays). At least one day is required.
/// </summary>
public static class HolidayYearParser
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxSourceLength = 1000;
    public const int MaxNameLength = 200;
    public const int MaxDays = 100;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>Parses UTF-16 JSON text.</summary>
    public static HolidayYearParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses UTF-8 JSON bytes.</summary>
    public static HolidayYearParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            return HolidayYearParseResult.Fail([("$", $"JSON tidak valid (baris {(ex.LineNumber ?? 0) + 1})")]);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses an already-read JSON element (e.g. an API request body).</summary>
    public static HolidayYearParseResult Parse(JsonElement root)
    {
        var errors = new List<(string Field, string Message)>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("$", "harus berupa objek JSON"));
            return HolidayYearParseResult.Fail(errors);
        }

        int? year = null;
        if (!TryGet(root, "year", out var yearElement) || yearElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(("year", "tahun wajib diisi"));
        }
        else if (yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out var y))
        {
            errors.Add(("year", "tahun harus berupa bilangan bulat"));
        }
        else if (y is < MinYear or > MaxYear)
        {
            errors.Add(("year", $"tahun harus antara {MinYear} dan {MaxYear}"));
        }
        else
        {
            year = y;
        }

        var source = ReadText(root, "source", "source", "sumber (dasar hukum)", MaxSourceLength, errors);

        var days = ImmutableArray.CreateBuilder<Holiday>();
        if (!TryGet(root, "days", out var daysElement) || daysElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(("days", "daftar hari libur wajib diisi"));
        }
        else if (daysElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add(("days", "daftar hari libur harus berupa array"));
        }
        else if (daysElement.GetArrayLength() == 0)
        {
            errors.Add(("days", "daftar hari libur tidak boleh kosong"));
        }
        else if (daysElement.GetArrayLength() > MaxDays)
        {
            errors.Add(("days", $"daftar hari libur paling banyak {MaxDays} hari"));
        }
        else
        {
            var seen = new Dictionary<DateOnly, int>();
            var index = 0;
            foreach (var dayElement in daysElement.EnumerateArray())
            {
                var day = ReadDay(dayElement, index, year, seen, errors);
                if (day is not null)
                {
                    days.Add(day);
                }

                index++;
            }
        }

        if (errors.Count > 0 || year is null || source is null)
        {
            return HolidayYearParseResult.Fail(errors);
        }

        return HolidayYearParseResult.Ok(new HolidayYear(year.Value, [.. days.OrderBy(d => d.Date)], source));
    }

    /// <summary>Writes <paramref name="year"/> in the same JSON shape (days sorted by date).</summary>
    public static string ToJson(HolidayYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("year", year.Year);
            writer.WriteString("source", year.Source);
            writer.WriteStartArray("days");
            foreach (var day in (year.Days.IsDefault ? [] : year.Days).OrderBy(d => d.Date))
            {
                writer.WriteStartObject();
                writer.WriteString("date", day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteString("kind", day.Kind.ToString());
                writer.WriteString("name", day.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Holiday? ReadDay(
        JsonElement element, int index, int? year, Dictionary<DateOnly, int> seen, List<(string Field, string Message)> errors)
    {
        var path = $"days[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add((path, "harus berupa objek dengan date, kind dan name"));
            return null;
        }

        DateOnly? date = null;
        if (!TryGet(element, "date", out var dateElement) || dateElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(($"{path}.date", "tanggal wajib diisi"));
        }
        else if (dateElement.ValueKind != JsonValueKind.String
                 || !DateOnly.TryParseExact(dateElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            errors.Add(($"{path}.date", "tanggal tidak valid (format yyyy-MM-dd)"));
        }
        else if (year is not null && d.Year != year.Value)
        {
            errors.Add(($"{path}.date", $"tanggal di luar tahun {year.Value}"));
        }
        else if (seen.TryGetValue(d, out var first))
        {
            errors.Add(($"{path}.date", $"tanggal duplikat (sama dengan days[{first}].date)"));
        }
        else
        {
            seen.Add(d, index);
            date = d;
        }

        HolidayKind? kind = null;
        if (!TryGet(element, "kind", out var kindElement) || kindElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(($"{path}.kind", "jenis wajib diisi (NationalHoliday atau CutiBersama)"));
        }
        else if (kindElement.ValueKind != JsonValueKind.String || ParseKind(kindElement.GetString()) is not { } k)
        {
            errors.Add(($"{path}.kind", "jenis tidak dikenal (NationalHoliday atau CutiBersama)"));
        }
        else
        {
            kind = k;
        }

        var name = ReadText(element, "name", $"{path}.name", "nama hari libur", MaxNameLength, errors);

        return date is { } dd && kind is { } kk && name is not null ? new Holiday(dd, kk, name) : null;
    }

    private static HolidayKind? ParseKind(string? text) =>
        string.Equals(text, nameof(HolidayKind.NationalHoliday), StringComparison.OrdinalIgnoreCase) ? HolidayKind.NationalHoliday
        : string.Equals(text, nameof(HolidayKind.CutiBersama), StringComparison.OrdinalIgnoreCase) ? HolidayKind.CutiBersama
        : null;

    private static string? ReadText(
        JsonElement parent, string property, string path, string label, int maxLength, List<(string Field, string Message)> errors)
    {
        if (!TryGet(parent, property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors.Add((path, $"{label} wajib diisi"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add((path, $"{label} harus berupa teks"));
            return null;
        }

        var text = element.GetString()!.Trim();
        if (text.Length == 0)
        {
            errors.Add((path, $"{label} wajib diisi"));
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add((path, $"{label} paling panjang {maxLength} karakter"));
            return null;
        }

        return text;
    }

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
