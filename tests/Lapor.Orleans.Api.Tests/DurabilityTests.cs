using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Lapor.Api.Tests;

/// <summary>The embedded default survives kill -9: every accepted complaint and every pending deadline.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly TempFolder _folder = new("lapor-durability");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task After_kill_9_and_a_restart_the_complaint_and_its_pending_deadline_are_there_and_escalation_fires_on_time()
    {
        var httpPort = Ports.Free();
        var settings = new Dictionary<string, string>
        {
            ["Lapor:Storage:DataFolder"] = _folder.Combine("data"),
            ["Lapor:Cluster:SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Lapor:Cluster:GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Lapor:Cluster:MinimumReminderPeriod"] = "00:00:05",
            ["Lapor:Engine:ReminderPeriod"] = "00:00:10",
            ["Lapor:Demo"] = "true",
        };
        var args = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();

        string code;
        DateTimeOffset due;
        using (var first = HostProcess.StartApi("api-first", args: args, port: httpPort))
        {
            await first.WaitReadyAsync(TimeSpan.FromSeconds(90));
            using var api = LaporClient.For(first.BaseAddress!);
            // A unit whose admins get one minute to verify: the deadline falls due after the restart.
            var agency = await api.DefineAgencyAsync("tahan-uji", "kota-malang", "unit", LaporRequests.VerificationWithinMinutes(1));
            var submitted = await api.SubmitAsync(new ReportBuilder { TargetAgencyId = agency });
            code = submitted.Code;
            due = submitted.Complaint["deadline"]!["dueAt"]!.GetValue<DateTimeOffset>();
            Assert.InRange(due - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
            first.Kill();
        }

        using var second = HostProcess.StartApi("api-second", args: args, port: httpPort);
        await second.WaitReadyAsync(TimeSpan.FromSeconds(90));
        using var client = LaporClient.For(second.BaseAddress!);
        var restored = await LaporClient.JsonAsync(await client.GetAsync($"/api/complaints/{code}", "admin.nasional"));
        Assert.Equal("submitted", restored["status"]!.GetValue<string>());
        Assert.Equal(due, restored["deadline"]!["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.True(DateTimeOffset.UtcNow < due, "the restart took longer than the deadline; the test proves nothing");

        JsonNode? escalation = null;
        var stopAt = due + TimeSpan.FromSeconds(60);
        while (escalation is null && DateTimeOffset.UtcNow < stopAt)
        {
            await Task.Delay(500);
            var view = await client.GetAsync($"/api/complaints/{code}", "admin.nasional");
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
            escalation = (await LaporClient.JsonAsync(view))["timeline"]!.AsArray().FirstOrDefault(e => e!["action"]!.GetValue<string>() == "escalated");
        }

        Assert.NotNull(escalation);
        var firedAt = escalation["at"]!.GetValue<DateTimeOffset>();
        Assert.True(firedAt >= due, $"escalated at {firedAt:O}, before the deadline {due:O}");
        Assert.True(firedAt - due < TimeSpan.FromSeconds(5), $"escalated {(firedAt - due).TotalSeconds:F1} s late");
    }
}
