using System.Net;

namespace Lapor.Api.Tests.Admin;

/// <summary>
/// The holiday calendar over HTTP: shipped years, a missing year, an admin replacing a year. Run on the embedded
/// default (<see cref="CalendarApiTestsOnSqlite"/>) and on PostgreSQL (<see cref="CalendarApiTestsOnPostgres"/>).
/// </summary>
public abstract class CalendarApiTests(ApiHost host)
{
    [Fact]
    public async Task The_calendar_reports_shipped_years_and_names_a_missing_year()
    {
        using var api = host.Client();
        var year2026 = await api.GetAsync("/api/calendar/2026");
        Assert.Equal(HttpStatusCode.OK, year2026.StatusCode);
        Assert.Equal(25, (await LaporClient.JsonAsync(year2026))["days"]!.AsArray().Count);
        var year2027 = await api.GetAsync("/api/calendar/2027");
        Assert.Equal(HttpStatusCode.NotFound, year2027.StatusCode);
        Assert.Equal(2027, (await LaporClient.JsonAsync(year2027))["missingYear"]!.GetValue<int>());
        var overview = await LaporClient.JsonAsync(await api.GetAsync("/api/calendar"));
        Assert.Contains(overview["missingYears"]!.AsArray(), y => y!.GetValue<int>() == 2027);
    }

    [Fact]
    public async Task An_admin_replaces_a_calendar_year_and_bad_days_are_refused_by_field()
    {
        using var api = host.Client();
        var bad = await api.SendAsync(HttpMethod.Put, "/api/admin/calendar/2031",
            """{"year":2031,"source":"uji","days":[{"date":"2031-13-01","kind":"NationalHoliday","name":"x"}]}""", user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(bad))["errors"]!["days[0].date"]);

        var good = await api.SendAsync(HttpMethod.Put, "/api/admin/calendar/2031",
            """{"year":2031,"source":"SKB uji","days":[{"date":"2031-01-01","kind":"NationalHoliday","name":"Tahun Baru 2031 Masehi"}]}""", user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/calendar/2031")).StatusCode);
    }
}
