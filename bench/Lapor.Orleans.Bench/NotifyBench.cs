using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lapor.TestKit;

namespace Lapor.Bench;

/// <summary>
/// Notification delivery under the escalation load (issue 12): K agencies with a short verification limit, each
/// subscribed by webhook to every event at a receiver on loopback (the test kit's, verifying signatures); N
/// complaints filed to them, whose 50 %/75 % warnings, breaches and escalations then fire in the process. Measures the
/// lag from an event's recording (its <c>occurredAt</c>) to its first arrival at the receiver, and deliveries per
/// second in the busiest 5 s; the reference is a plain signed POST loop to a second receiver at the dispatcher's concurrency (what the
/// receiver and loopback HTTP cost without the outbox).
/// </summary>
public static class NotifyBench
{
    private static readonly string[] AllEvents =
        ["routed", "related-assigned", "warning-50", "warning-75", "breach", "escalated", "national-intervention", "reporter-replied", "reopened", "rated"];

    public static async Task<int> RunAsync(Options o)
    {
        var urls = o.Urls();
        var n = o.Int("n");
        var clients = o.Int("clients");
        var minutes = o.Int("minutes");
        var agencies = o.Int("agencies", 20);
        var concurrency = o.Int("concurrency", 8);
        var label = o.Get("label");
        var results = o.Get("results");
        var quiet = TimeSpan.FromSeconds(o.Double("quiet-seconds", 15));
        var collectLimit = TimeSpan.FromSeconds(o.Double("collect-seconds", 300));
        var log = (string m) => Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] notify {label}: {m}");

        // The reference first, on a receiver of its own: signed POSTs back to back at the dispatcher's concurrency.
        await using (var direct = new WebhookReceiver())
        {
            await direct.StartAsync();
            var secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("lapor-bench-direct-reference-key"));
            direct.Trust(secret);
            var body = SampleBody();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
            var load = Machine.LoadAverage();
            var r = await LoadRunner.RunAsync(concurrency, TimeSpan.FromSeconds(o.Double("direct-seconds", 10)), int.MaxValue, async (k, ct) =>
            {
                var id = "direct_" + k.ToString(CultureInfo.InvariantCulture);
                var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, direct.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", stamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", "v1," + WebhookReceiver.Sign(secret, id, stamp, body));
                using var response = await http.SendAsync(request, ct);
                return response.IsSuccessStatusCode;
            });
            new ResultRow("notify-direct", label, concurrency, r.Ok, r.Errors, r.Elapsed.TotalSeconds, r.Rate, r.PercentileMs(50), r.PercentileMs(99),
                r.PercentileMs(100), load, "signed POST loop to a loopback receiver, no outbox").Append(results);
        }

        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        using var hosts = new Http(urls, clients);
        using var api = new LaporClient(hosts.For(0), ownsHttp: false);
        var ids = Enumerable.Range(0, agencies).Select(i => $"bench-notify-{label}-{i}").ToArray();
        foreach (var id in ids)
        {
            await api.PutAgencyAsync(id, "nasional", "ministry", LaporRequests.VerificationWithinMinutes(minutes));
        }

        // Every agency, and the national root the escalations go to, subscribed to every event at the receiver.
        foreach (var id in ids.Append("nasional"))
        {
            using var response = await api.PostAsync($"/api/agencies/{id}/subscriptions", new { kind = "webhook", url = receiver.Url.ToString(), events = AllEvents },
                user: "admin.nasional");
            await UnexpectedStatusException.ThrowUnlessAsync(response, HttpStatusCode.Created, "subscribe " + id);
            receiver.Trust((await response.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>());
        }

        var loadAvg = Machine.LoadAverage();
        var dues = new DateTimeOffset[n];
        log($"loading {n} complaints over {agencies} agencies (verification {minutes} min), {clients} clients");
        var loaded = await LoadRunner.RunAsync(clients, TimeSpan.FromSeconds(o.Double("load-seconds", 600)), n, async (k, ct) =>
        {
            using var request = Complaints.Post(k, ids[k % ids.Length]);
            using var response = await hosts.For(k).SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return false;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            dues[k - 1] = doc.RootElement.GetProperty("complaint").GetProperty("deadline").GetProperty("dueAt").GetDateTimeOffset();
            return true;
        });
        var lastDue = dues.Max();
        log($"loaded {loaded.Ok} ({loaded.Errors} errors) in {loaded.Elapsed.TotalSeconds:0.0} s; last deadline {lastDue.UtcDateTime:HH:mm:ss} UTC");

        // Collect until the last deadline has passed and nothing new arrived for a while (bounded).
        var watch = Stopwatch.StartNew();
        var seen = 0;
        var quietSince = Stopwatch.StartNew();
        while (watch.Elapsed < collectLimit)
        {
            await Task.Delay(1000);
            var count = receiver.Calls.Count;
            if (count != seen)
            {
                seen = count;
                quietSince.Restart();
            }
            else if (DateTimeOffset.UtcNow > lastDue && quietSince.Elapsed > quiet)
            {
                break;
            }
        }

        var calls = receiver.Calls;
        var first = calls.Where(c => c.Status < 300).GroupBy(c => c.Id).Select(g => g.OrderBy(c => c.At).First()).ToList();
        if (first.Count == 0)
        {
            log("nothing delivered");
            return 1;
        }

        var lags = first.Select(c => (c.At - DateTimeOffset.Parse(c.Json["data"]!["occurredAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)).TotalMilliseconds)
            .Order().ToArray();
        var arrivals = first.Select(c => c.At).Order().ToArray();
        var span = Math.Max(0.001, (arrivals[^1] - arrivals[0]).TotalSeconds);
        var peak = PeakPerSecond(arrivals, TimeSpan.FromSeconds(5));
        var byType = string.Join(' ', first.GroupBy(c => c.Json["type"]!.GetValue<string>()).OrderBy(g => g.Key)
            .Select(g => $"{g.Key["lapor.".Length..]}={g.Count()}"));
        var refused = calls.Count(c => c.Status >= 300);
        var repeats = calls.Count(c => c.Status < 300) - first.Count;
        // The rate is the busiest 5 s of deliveries: the events arrive in waves (50 %, 75 %, breach and escalation of each
        // complaint), so an average over the whole span would mostly measure the gaps between the waves.
        new ResultRow("notify", label, concurrency, first.Count, refused, span, peak, Stats.Percentile(lags, 50), Stats.Percentile(lags, 99),
            lags[^1], loadAvg,
            $"complaints={loaded.Ok} load_errors={loaded.Errors} loaded_in={loaded.Elapsed.TotalSeconds:0.0}s agencies={agencies} verification_min={minutes} "
            + $"span_s={span:0.0} span_avg_per_s={first.Count / span:0.0} repeats={repeats} refused={refused} unsigned={calls.Count(c => !c.SignatureValid)} {byType}")
            .Append(results);
        log($"{first.Count} events delivered over {span:0.0} s; lag p99 {Stats.Percentile(lags, 99):0} ms");
        return 0;
    }

    /// <summary>The most arrivals in any window of <paramref name="window"/>, per second.</summary>
    private static double PeakPerSecond(DateTimeOffset[] sorted, TimeSpan window)
    {
        var best = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] > window)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best / window.TotalSeconds;
    }

    /// <summary>A body of the size and shape the engine sends (a warning to an agency, with a deadline).</summary>
    private static string SampleBody() => new JsonObject
    {
        ["type"] = "lapor.warning-50",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["data"] = new JsonObject
        {
            ["type"] = "warning-50",
            ["trackingCode"] = "LPR-BENCH00001",
            ["version"] = 3,
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["status"] = "submitted",
            ["statusLabel"] = "Menunggu verifikasi",
            ["confidential"] = false,
            ["agencyId"] = "bench-notify-0",
            ["title"] = "Lampu lalu lintas mati #1",
            ["category"] = "Perhubungan",
            ["deadline"] = new JsonObject
            {
                ["step"] = "verification",
                ["holderAgencyId"] = "bench-notify-0",
                ["dueAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["zone"] = "WIB",
                ["dueLocal"] = "2026-04-06 09:00 WIB",
            },
        },
    }.ToJsonString();
}
