using System.Net;
using Lapor.Domain.Calendar;

namespace Lapor.Api.Tests.Complaints;

/// <summary>Issue 14 over HTTP: calendar warnings, provisional deadlines, and related copies on re-routing.</summary>
[Collection(ApiCollection.Name)]
public sealed class DomainFidelityApiTests(ApiHost host)
{
    [Fact]
    public async Task Admins_are_told_which_of_this_and_next_year_lack_holiday_data()
    {
        using var api = host.Client();

        var response = await api.GetAsync("/api/admin/calendar", user: "admin.nasional");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await LaporClient.JsonAsync(response);
        var years = status["years"]!.AsArray().Select(y => y!.GetValue<int>()).ToList();
        var expected = CalendarCoverage.MissingAhead(years, DateTimeOffset.UtcNow);
        Assert.Equal(expected, status["missingAhead"]!.AsArray().Select(y => y!.GetValue<int>()));
        if (expected.Count > 0)
        {
            Assert.Contains($"tahun {string.Join(" dan ", expected)} belum tersedia", status["warning"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(status["warning"]);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/admin/calendar", user: "admin.malang")).StatusCode);
    }

    [Fact]
    public async Task A_deadline_reaching_into_a_year_without_holiday_data_is_flagged_on_the_complaint_and_in_the_inbox()
    {
        using var api = host.Client();
        // 200 hk of first response: from any day it reaches at least into next year.
        var agency = await api.DefineAgencyAsync("lambat", "nasional", "ministry", new { firstResponse = new { amount = 200, unit = "workingDays" } });
        var (code, _, _) = await api.SubmitAsync();
        var routed = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = agency }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);

        var deadline = (await LaporClient.JsonAsync(routed))["assignments"]![0]!["deadline"]!;
        var dueYear = deadline["dueAt"]!.GetValue<DateTimeOffset>().Year;
        var years = (await LaporClient.JsonAsync(await api.GetAsync("/api/admin/calendar", user: "admin.nasional")))["years"]!.AsArray()
            .Select(y => y!.GetValue<int>()).ToHashSet();
        var expected = Enumerable.Range(DateTimeOffset.UtcNow.Year, dueYear - DateTimeOffset.UtcNow.Year + 1).Any(y => !years.Contains(y));
        Assert.Equal(expected, deadline["provisional"]!.GetValue<bool>());
        Assert.Equal("limit", deadline["rule"]!.GetValue<string>());

        var inbox = await LaporClient.JsonAsync(await api.GetAsync($"/api/agencies/{agency}/inbox?take=50", user: "admin.nasional"));
        var item = inbox["items"]!.AsArray().Single(i => i!["complaintId"]!.GetValue<string>() == code)!;
        Assert.Equal(expected, item["provisionalDeadline"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Re_routing_after_bukan_wewenang_with_a_related_copy_asks_whether_it_stops_or_continues()
    {
        using var api = host.Client();
        var (code, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/related-agencies", new { agencyId = "kemendikdasmen" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/not-our-authority", new { reason = "Jalan provinsi." }, user: "admin.malang")).StatusCode);

        var undecided = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "prov-jatim" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, undecided.StatusCode);
        Assert.NotNull((await LaporClient.JsonAsync(undecided))["errors"]!["relatedAssignments"]);

        var unknown = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "prov-jatim", relatedAssignments = "mungkin" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var stopped = await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "prov-jatim", relatedAssignments = "stop" }, user: "admin.nasional");
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var view = await LaporClient.JsonAsync(stopped);
        Assert.Equal(["prov-jatim"], view["assignments"]!.AsArray().Select(a => a!["agencyId"]!.GetValue<string>()));
        Assert.Contains(view["timeline"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "related-stopped");
    }
}
