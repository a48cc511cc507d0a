using System.Net;
using static Lapor.Api.Tests.Compatibility.V1EmbeddedApiHost;

namespace Lapor.Api.Tests.Compatibility;

/// <summary>
/// This build carries on from the rows the build before the restructure wrote: the stored reminders fire on the
/// (fake) clock and escalate with the stored holder paths, monev and inboxes keep counting, and officers and
/// reporters act on the old complaints.
/// </summary>
public sealed class V1EmbeddedCarryOnTests(V1EmbeddedApiHost host) : IClassFixture<V1EmbeddedApiHost>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stored_reminders_fire_escalations_follow_the_stored_paths_and_officers_and_reporters_carry_on()
    {
        using var api = host.Client();

        // Nothing is read before the clock moves: only the stored reminder rows can wake a and c.
        // c: verification at the national root, due 5 December 00:00 WIB. Missed there: national intervention.
        await host.AdvanceToAsync(At("2026-12-05T00:00:00Z"), api);
        var c = await Eventually.WaitAsync(() => api.StaffViewAsync(C.Code), v => Actions(v).Contains("national-intervention"),
            Delivery, "c's national intervention", describe: v => string.Join(",", Actions(v)));
        Assert.Equal(["submitted", "warning-50", "warning-75", "national-intervention", "ombudsman-notice"], Actions(c));
        var intervention = c["timeline"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "national-intervention")!;
        Assert.True(intervention["at"]!.GetValue<DateTimeOffset>() >= At("2026-12-05T00:00:00+07:00"));
        var cByReporter = await api.ReporterViewAsync(C.Code, C.Secret);
        Assert.True(cByReporter["nationalIntervention"]!.GetValue<bool>());
        Assert.Contains("ombudsman-notice", Actions(cByReporter));
        var record = Assert.Single(await Eventually.WaitAsync(() => api.ReadArrayAsync("/api/agencies/nasional/escalations", "admin.nasional"),
            e => e.Count > 0, Delivery, "nasional's escalation record"))!;
        Assert.Equal(C.Code, record["complaintId"]!.GetValue<string>());
        Assert.True(record["nationalIntervention"]!.GetValue<bool>());
        Assert.Equal(At("2026-12-05T00:00:00+07:00"), record["missedDueAt"]!.GetValue<DateTimeOffset>());
        var national = await Eventually.WaitAsync(() => MonevAsync(api, "nasional", "own", "2026-12-01", "2026-12-05"),
            m => Sum(m["total"]!, "breaches") > 0, Delivery, "the breach in nasional's monev");
        Assert.Equal(1, Sum(Day(national, "2026-12-05"), "breaches"));
        Assert.Equal(1, Sum(national["total"]!, "breaches"));

        // a: its resolution clock (due 9 December 00:00 WIB at malang-dishub) warned at 50 %; b, closed, is untouched.
        var a = await api.StaffViewAsync(A.Code);
        Assert.Equal(["submitted", "routed", "routed-to-unit", "follow-up", "warning-50"], Actions(a));
        Assert.Equal(6, (await api.StaffViewAsync(B.Code))["version"]!.GetValue<int>());
        var inbox = await Eventually.WaitAsync(() => api.InboxAsync("malang-dishub", "petugas.dishub"),
            i => i["items"]!.AsArray().Any(x => x!["warnedPercent"]!.GetValue<int>() > 0), Delivery, "the warning in malang-dishub's inbox");
        Assert.Equal(50, Assert.Single(inbox["items"]!.AsArray())!["warnedPercent"]!.GetValue<int>());

        // Missed at the unit: escalated one level up the path stored with the complaint, to kota-malang.
        await host.AdvanceToAsync(At("2026-12-09T00:00:00Z"), api);
        a = await Eventually.WaitAsync(() => api.StaffViewAsync(A.Code), v => Actions(v).Contains("escalated"),
            Delivery, "a's escalation", describe: v => string.Join(",", Actions(v)));
        Assert.Equal(["submitted", "routed", "routed-to-unit", "follow-up", "warning-50", "warning-75", "escalated"], Actions(a));
        var deadline = Assert.Single(a["assignments"]!.AsArray())!["deadline"]!;
        Assert.Equal("kota-malang", deadline["holderAgencyId"]!.GetValue<string>());
        Assert.Equal(1, deadline["escalations"]!.GetValue<int>());
        var escalation = Assert.Single(await Eventually.WaitAsync(() => api.ReadArrayAsync("/api/agencies/kota-malang/escalations", "admin.malang"),
            e => e.Count > 0, Delivery, "kota-malang's escalation record"))!;
        Assert.Equal(A.Code, escalation["complaintId"]!.GetValue<string>());
        Assert.Equal("malang-dishub", escalation["fromAgencyId"]!.GetValue<string>());
        Assert.Equal(At("2026-12-09T00:00:00+07:00"), escalation["missedDueAt"]!.GetValue<DateTimeOffset>());
        var dishub = await Eventually.WaitAsync(() => api.ReadAsync("/api/agencies/malang-dishub/summary", "petugas.dishub"),
            d => d["counters"]!["breached"]!.GetValue<int>() > 0, Delivery, "the breach in malang-dishub's counters");
        Assert.Equal("""{"received":2,"followedUp":2,"resolved":1,"breached":1,"escalated":0}""", dishub["counters"]!.ToJsonString());

        // The unit's officer resolves it: the unit's monev counts a second resolution, on the day it happened.
        var resolved = await api.PostAsync($"/api/complaints/{A.Code}/resolution", new { message = "Lampu sudah menyala kembali." }, user: "petugas.dishub");
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await LaporClient.JsonAsync(resolved))["status"]!.GetValue<string>());
        var unit = await MonevAsync(api, "malang-dishub", "own", "2026-12-01", "2026-12-09");
        Assert.Equal(1, Count(Day(unit, "2026-12-01"), "resolved"));
        Assert.Equal(1, Count(Day(unit, "2026-12-09"), "resolved"));
        Assert.Equal(1, Sum(Day(unit, "2026-12-09"), "breaches"));
        Assert.Equal(2, Count(unit["total"]!, "resolved"));
        Assert.Equal("""{"firstResponse":100,"resolution":50}""", unit["total"]!["slaCompliancePercent"]!.ToJsonString());

        // The reporter confirms with a rating: closed, gone from the inbox, a second score in the unit's monev.
        var confirmed = await api.PostAsync($"/api/reporter/complaints/{A.Code}/confirmation", new { rating = 5 }, secret: A.Secret);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("closed", (await LaporClient.JsonAsync(confirmed))["status"]!.GetValue<string>());
        Assert.Equal(0, (await api.InboxAsync("malang-dishub", "petugas.dishub"))["total"]!.GetValue<int>());
        unit = await MonevAsync(api, "malang-dishub", "own", "2026-12-01", "2026-12-09");
        Assert.Equal(2, Count(unit["total"]!, "closed"));
        Assert.Equal("""{"count":2,"average":4.5,"scores":{"4":1,"5":1}}""", unit["total"]!["satisfaction"]!.ToJsonString());
        Assert.Equal(0, unit["backlog"]!["total"]!.GetValue<int>());
        Assert.Equal("""{"received":2,"followedUp":2,"resolved":2,"breached":1,"escalated":0}""",
            (await api.ReadAsync("/api/agencies/malang-dishub/summary", "petugas.dishub"))["counters"]!.ToJsonString());
    }
}
