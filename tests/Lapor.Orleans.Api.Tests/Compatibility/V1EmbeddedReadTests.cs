using System.Net;
using static Lapor.Api.Tests.Compatibility.V1EmbeddedApiHost;

namespace Lapor.Api.Tests.Compatibility;

/// <summary>
/// This build reads every row the build before the restructure wrote: complaints (with their reporters' secrets),
/// agencies' inboxes, counters and monev days, the public feed and the calendar. The expected values are what that
/// build itself answered on the same data (see the fixture's README). Nothing here moves the clock or writes.
/// </summary>
public sealed class V1EmbeddedReadTests(V1EmbeddedApiHost host) : IClassFixture<V1EmbeddedApiHost>
{
    [Fact]
    public async Task The_reporters_see_their_complaints_with_status_deadline_and_timeline_as_written()
    {
        using var api = host.Client();

        var a = await api.ReporterViewAsync(A.Code, A.Secret);
        Assert.Equal("inProgress", a["status"]!.GetValue<string>());
        Assert.Equal(4, a["version"]!.GetValue<int>());
        Assert.Equal("normative", a["resolutionClass"]!.GetValue<string>());
        var assignment = Assert.Single(a["assignments"]!.AsArray())!;
        Assert.Equal("kota-malang", assignment["agencyId"]!.GetValue<string>());
        Assert.Equal("malang-dishub", assignment["unitId"]!.GetValue<string>());
        Assert.Equal("resolution", assignment["deadline"]!["step"]!.GetValue<string>());
        Assert.Equal("malang-dishub", assignment["deadline"]!["holderAgencyId"]!.GetValue<string>());
        Assert.Equal(At("2026-12-09T00:00:00+07:00"), assignment["deadline"]!["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["submitted", "routed", "routed-to-unit", "follow-up"], Actions(a));

        var b = await api.ReporterViewAsync(B.Code, B.Secret);
        Assert.Equal("closed", b["status"]!.GetValue<string>());
        Assert.Equal(6, b["version"]!.GetValue<int>());
        Assert.Equal(4, b["rating"]!.GetValue<int>());
        Assert.Equal(At("2026-11-30T19:05:04.4104395+00:00"), b["closedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(Assert.Single(b["assignments"]!.AsArray())!["deadline"]);
        Assert.Equal(["submitted", "routed", "routed-to-unit", "follow-up", "resolved", "confirmed"], Actions(b));

        var c = await api.ReporterViewAsync(C.Code, C.Secret);
        Assert.Equal("submitted", c["status"]!.GetValue<string>());
        Assert.Equal(1, c["version"]!.GetValue<int>());
        Assert.Equal("verification", c["deadline"]!["step"]!.GetValue<string>());
        Assert.Equal("nasional", c["deadline"]!["holderAgencyId"]!.GetValue<string>());
        Assert.Equal(At("2026-12-05T00:00:00+07:00"), c["deadline"]!["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["submitted"], Actions(c));
        Assert.Equal(C.Complaint["title"]!.GetValue<string>(), c["title"]!.GetValue<string>());

        // The stored secret hashes still tell one reporter's secret from another's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/reporter/complaints/{B.Code}", secret: A.Secret)).StatusCode);
    }

    [Fact]
    public async Task Inboxes_and_counters_hold_what_the_agencies_had()
    {
        using var api = host.Client();

        var unit = await api.InboxAsync("malang-dishub", "petugas.dishub");
        Assert.Equal(1, unit["total"]!.GetValue<int>());
        var item = Assert.Single(unit["items"]!.AsArray())!;
        Assert.Equal(A.Code, item["complaintId"]!.GetValue<string>());
        Assert.Equal("inProgress", item["status"]!.GetValue<string>());
        Assert.Equal("primary", item["role"]!.GetValue<string>());
        Assert.Equal("resolution", item["step"]!.GetValue<string>());
        Assert.Equal(At("2026-12-09T00:00:00+07:00"), item["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0, item["warnedPercent"]!.GetValue<int>());

        var city = await api.InboxAsync("kota-malang", "admin.malang");
        Assert.Equal(A.Code, Assert.Single(city["items"]!.AsArray())!["complaintId"]!.GetValue<string>());
        var national = await api.InboxAsync("nasional", "admin.nasional");
        var verification = Assert.Single(national["items"]!.AsArray())!;
        Assert.Equal(C.Code, verification["complaintId"]!.GetValue<string>());
        Assert.Equal("verification", verification["role"]!.GetValue<string>());

        var dishub = await api.ReadAsync("/api/agencies/malang-dishub/summary", "petugas.dishub");
        Assert.Equal("""{"received":2,"followedUp":2,"resolved":1,"breached":0,"escalated":0}""", dishub["counters"]!.ToJsonString());
        Assert.Equal(1, dishub["activeComplaints"]!.GetValue<int>());
        Assert.Equal("kota-malang", dishub["profile"]!["parentId"]!.GetValue<string>());
        var nasional = await api.ReadAsync("/api/agencies/nasional/summary", "admin.nasional");
        Assert.Equal("""{"received":3,"followedUp":0,"resolved":0,"breached":0,"escalated":0}""", nasional["counters"]!.ToJsonString());
        Assert.Equal(["kemendikdasmen", "prov-jatim"], nasional["children"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty(await api.ReadArrayAsync("/api/agencies/nasional/escalations", "admin.nasional"));
    }

    [Fact]
    public async Task Monev_days_hold_the_figures_the_old_build_counted()
    {
        using var api = host.Client();

        // Written at 19:05 UTC on 30 November, that is 02:05 WIB on 1 December: every fact is on 2026-12-01.
        var unit = await MonevAsync(api, "malang-dishub", "own", "2026-11-30", "2026-12-01");
        Assert.Equal(0, Count(Day(unit, "2026-11-30"), "received"));
        var day = Day(unit, "2026-12-01");
        Assert.Equal(2, Count(day, "received"));
        Assert.Equal(2, Count(day, "assigned"));
        Assert.Equal(2, Count(day, "followedUp"));
        Assert.Equal(1, Count(day, "resolved"));
        Assert.Equal(1, Count(day, "closed"));
        Assert.Equal(0, Count(day, "escalations"));
        Assert.Equal(0, Sum(day, "breaches"));
        Assert.Equal(2, Count(day["firstResponse"]!, "count"));
        Assert.Equal(1, Count(day["resolution"]!, "count"));
        Assert.Equal("""{"count":1,"average":4,"scores":{"4":1}}""", day["satisfaction"]!.ToJsonString());
        Assert.Equal("""{"firstResponse":100,"resolution":100}""", day["slaCompliancePercent"]!.ToJsonString());
        Assert.Equal(2, Sum(day, "channels"));
        Assert.Equal(1, unit["backlog"]!["total"]!.GetValue<int>());

        var national = Day(await MonevAsync(api, "nasional", "own", "2026-11-30", "2026-12-01"), "2026-12-01");
        Assert.Equal(3, Count(national, "received"));
        Assert.Equal(2, Count(national, "routed"));
        Assert.Equal("""{"verification":100}""", national["slaCompliancePercent"]!.ToJsonString());

        var city = Day(await MonevAsync(api, "kota-malang", "subtree", "2026-11-30", "2026-12-01"), "2026-12-01");
        Assert.Equal(4, Count(city, "received"));
        Assert.Equal(4, Count(city, "followedUp"));
        Assert.Equal(2, Count(city, "resolved"));
        Assert.Equal(2, Count(city, "closed"));
        var all = Day(await MonevAsync(api, "nasional", "subtree", "2026-11-30", "2026-12-01"), "2026-12-01");
        Assert.Equal(7, Count(all, "received"));
    }

    [Fact]
    public async Task The_calendar_year_and_the_public_feed_are_there()
    {
        using var api = host.Client();

        var year = await api.ReadAsync("/api/calendar/2027");
        Assert.Equal("Fixture: data uji", year["source"]!.GetValue<string>());
        Assert.False(year["shipped"]!.GetValue<bool>());
        Assert.Equal(
            """[{"date":"2027-01-01","kind":"nationalHoliday","name":"Tahun Baru 2027 Masehi"},{"date":"2027-08-17","kind":"nationalHoliday","name":"Hari Kemerdekaan"}]""",
            year["days"]!.ToJsonString());
        var overview = await api.ReadAsync("/api/calendar");
        Assert.Equal(1, overview["version"]!.GetValue<int>());
        Assert.Equal([2025, 2026, 2027], overview["years"]!.AsArray().Select(y => y!.GetValue<int>()));
        Assert.Empty(overview["missingYears"]!.AsArray());

        var feed = await api.ReadAsync("/api/public/complaints?take=100");
        // Version 1 kept the feed in one grain's state; the upgrade moved it into the public list.
        var statuses = feed["items"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [B.Code] = "closed", [A.Code] = "inProgress" }, statuses);
    }
}
