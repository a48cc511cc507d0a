using Lapor.Domain.Calendar;
using static Lapor.Domain.Tests.TestData;

namespace Lapor.Domain.Tests.Calendar;

public class HolidayDataTests
{
    private const string ValidDay = """{"date":"2026-01-01","kind":"NationalHoliday","name":"Tahun Baru 2026 Masehi"}""";

    [Fact]
    public void BuiltIn_ships_2025_and_2026_and_caches_them()
    {
        var years = BuiltInHolidays.Load();

        Assert.Equal([2025, 2026], years.Select(y => y.Year));
        Assert.Same(years, BuiltInHolidays.Load());
    }

    [Theory]
    [InlineData(2025, new[] { "Agama No. 1017 Tahun 2024", "Ketenagakerjaan No. 2 Tahun 2024", "PANRB No. 2 Tahun 2024",
        "Agama No. 933 Tahun 2025", "Ketenagakerjaan No. 1 Tahun 2025", "PANRB No. 3 Tahun 2025", "7 Agustus 2025", "18 Agustus 2025" })]
    [InlineData(2026, new[] { "Agama No. 1497 Tahun 2025", "Ketenagakerjaan No. 2 Tahun 2025", "PANRB No. 5 Tahun 2025", "19 November 2025" })]
    public void BuiltIn_source_names_the_SKB_decrees(int year, string[] fragments)
    {
        var source = BuiltInHolidays.Load().Single(y => y.Year == year).Source;
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, source, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2026-01-01", "Tahun Baru 2026 Masehi")]
    [InlineData("2026-03-20", "Cuti Bersama Idulfitri 1447 Hijriah")]
    [InlineData("2025-04-07", "Cuti Bersama Idulfitri 1446 Hijriah")]
    [InlineData("2025-01-01", "Tahun Baru 2025 Masehi")]
    public void BuiltIn_days_carry_Indonesian_names(string date, string name)
    {
        Assert.Equal(name, Cal.HolidayOn(Day(date))?.Name);
    }

    [Fact]
    public void Parser_accepts_the_shipped_years_round_tripped_through_ToJson()
    {
        foreach (var year in BuiltInHolidays.Load())
        {
            var result = HolidayYearParser.Parse(HolidayYearParser.ToJson(year));

            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            Assert.Empty(result.Errors);
            Assert.Equal(year.Year, result.Value!.Year);
            Assert.Equal(year.Source, result.Value.Source);
            Assert.Equal(year.Days.ToArray(), result.Value.Days.ToArray());
        }
    }

    [Fact]
    public void Parser_sorts_days_matches_names_case_insensitively_and_ignores_unknown_properties()
    {
        const string json = """
            {
              "Year": 2026, "SOURCE": "SKB uji", "comment": "diabaikan",
              "days": [
                {"date":"2026-12-25","kind":"nationalholiday","name":" Natal "},
                {"Date":"2026-02-16","Kind":"CutiBersama","Name":"Cuti Bersama Imlek"},
              ]
            }
            """;

        var result = HolidayYearParser.Parse(json);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var year = result.Value!;
        Assert.Equal(2026, year.Year);
        Assert.Equal("SKB uji", year.Source);
        Assert.Equal(
            [new Holiday(Day("2026-02-16"), HolidayKind.CutiBersama, "Cuti Bersama Imlek"), new Holiday(Day("2026-12-25"), HolidayKind.NationalHoliday, "Natal")],
            year.Days.ToArray());
    }

    [Theory]
    [InlineData("not json", "$", "JSON tidak valid")]
    [InlineData("", "$", "JSON tidak valid")]
    [InlineData("[]", "$", "objek JSON")]
    [InlineData("""{"source":"s","days":[DAY]}""", "year", "tahun wajib diisi")]
    [InlineData("""{"year":"2026","source":"s","days":[DAY]}""", "year", "bilangan bulat")]
    [InlineData("""{"year":2026.5,"source":"s","days":[DAY]}""", "year", "bilangan bulat")]
    [InlineData("""{"year":1800,"source":"s","days":[DAY]}""", "year", "antara 2000 dan 2100")]
    [InlineData("""{"year":2026,"days":[DAY]}""", "source", "wajib diisi")]
    [InlineData("""{"year":2026,"source":"  ","days":[DAY]}""", "source", "wajib diisi")]
    [InlineData("""{"year":2026,"source":5,"days":[DAY]}""", "source", "harus berupa teks")]
    [InlineData("""{"year":2026,"source":"s"}""", "days", "wajib diisi")]
    [InlineData("""{"year":2026,"source":"s","days":{}}""", "days", "harus berupa array")]
    [InlineData("""{"year":2026,"source":"s","days":[]}""", "days", "tidak boleh kosong")]
    [InlineData("""{"year":2026,"source":"s","days":["2026-01-01"]}""", "days[0]", "harus berupa objek")]
    [InlineData("""{"year":2026,"source":"s","days":[{"kind":"NationalHoliday","name":"n"}]}""", "days[0].date", "tanggal wajib diisi")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-02-30","kind":"NationalHoliday","name":"n"}]}""", "days[0].date", "tanggal tidak valid")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"01-01-2026","kind":"NationalHoliday","name":"n"}]}""", "days[0].date", "tanggal tidak valid")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-01-01T00:00:00","kind":"NationalHoliday","name":"n"}]}""", "days[0].date", "tanggal tidak valid")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":20260101,"kind":"NationalHoliday","name":"n"}]}""", "days[0].date", "tanggal tidak valid")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2025-12-31","kind":"NationalHoliday","name":"n"}]}""", "days[0].date", "di luar tahun 2026")]
    [InlineData("""{"year":2026,"source":"s","days":[DAY,DAY]}""", "days[1].date", "duplikat (sama dengan days[0].date)")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-01-01","name":"n"}]}""", "days[0].kind", "jenis wajib diisi")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-01-01","kind":"Libur","name":"n"}]}""", "days[0].kind", "jenis tidak dikenal")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-01-01","kind":0,"name":"n"}]}""", "days[0].kind", "jenis tidak dikenal")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-01-01","kind":"CutiBersama","name":""}]}""", "days[0].name", "nama hari libur wajib diisi")]
    [InlineData("""{"year":2026,"source":"s","days":[{"date":"2026-01-01","kind":"CutiBersama"}]}""", "days[0].name", "nama hari libur wajib diisi")]
    public void Parser_rejects_bad_input_naming_the_field(string json, string field, string messageFragment)
    {
        var result = HolidayYearParser.Parse(json.Replace("DAY", ValidDay, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Contains(messageFragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Parser_reports_every_error_with_its_index()
    {
        const string json = """
            {"year":2026,"source":"s","days":[
              {"date":"2026-01-01","kind":"NationalHoliday","name":"a"},
              {"date":"2026-01-16","kind":"NationalHoliday","name":"b"},
              {"date":"2026-02-16","kind":"CutiBersama","name":"c"},
              {"date":"2026-13-01","kind":"Cuti","name":""},
              {"date":"2026-01-16","kind":"NationalHoliday","name":"e"}
            ]}
            """;

        var result = HolidayYearParser.Parse(json);

        Assert.Equal(
            [
                ("days[3].date", "tanggal tidak valid (format yyyy-MM-dd)"),
                ("days[3].kind", "jenis tidak dikenal (NationalHoliday atau CutiBersama)"),
                ("days[3].name", "nama hari libur wajib diisi"),
                ("days[4].date", "tanggal duplikat (sama dengan days[1].date)"),
            ],
            result.Errors);
    }

    [Fact]
    public void Parser_accepts_a_holiday_on_a_weekend()
    {
        var result = HolidayYearParser.Parse("""{"year":2026,"source":"s","days":[{"date":"2026-03-22","kind":"NationalHoliday","name":"Idulfitri 1447 Hijriah"}]}""");

        Assert.True(result.IsValid);
    }
}
