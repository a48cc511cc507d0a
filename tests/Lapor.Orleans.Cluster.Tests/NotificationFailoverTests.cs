using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

/// <summary>The notification outbox across real processes on PostgreSQL: a dispatcher killed mid-delivery loses nothing.</summary>
public sealed class NotificationFailoverTests(ITestOutputHelper output)
{
    private const int Complaints = 30;

    private static readonly string[] Events = ["routed", "reporter-replied"];

    /// <summary>Short leases and polls so a dead process's rows come free in seconds (a call must end within its lease).</summary>
    private static void Notifications(Dictionary<string, string> env)
    {
        env["Lapor__Notifications__AllowHttp"] = "true";
        env["Lapor__Notifications__AllowPrivateAddresses"] = "true";
        env["Lapor__Notifications__Lease"] = "00:00:04";
        env["Lapor__Notifications__Timeout"] = "00:00:02";
        env["Lapor__Notifications__PollInterval"] = "00:00:00.250";
        env["Lapor__Notifications__RetryBaseDelay"] = "00:00:01";
        env["Lapor__Notifications__RetryMaxDelay"] = "00:00:04";
        // Small claims, so every process holds some rows at any moment of the burst.
        env["Lapor__Notifications__BatchSize"] = "4";
        env["Lapor__Notifications__Concurrency"] = "2";
    }

    [PostgresFact]
    public async Task Kill_9_of_a_process_mid_delivery_loses_no_event_every_event_id_arrives_after_the_lease_ends_in_order_per_complaint()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await db.ApplySchemaAsync();
        using var cluster = new TestCluster(output);
        await using var receiver = new WebhookReceiver { Delay = TimeSpan.FromMilliseconds(300) };
        await receiver.StartAsync();
        try
        {
            var apis = Enumerable.Range(1, 3).Select(i => cluster.Api(db.ConnectionString, $"api-{i}", Notifications)).ToList();
            await TestCluster.WaitAllReadyAsync(apis, TimeSpan.FromSeconds(60));
            using var fleet = new Fleet(apis);
            var token = await fleet.TokenAsync("admin.nasional");
            var agency = await fleet.DefineShortSlaAgencyAsync();
            using (var subscribed = await fleet.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/agencies/{agency}/subscriptions")
                   {
                       Content = JsonContent.Create(new { kind = "webhook", url = receiver.Url.ToString(), events = Events }),
                   }.WithBearer(token), TimeSpan.FromSeconds(30)))
            {
                Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
                receiver.Trust((await subscribed.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>());
            }

            var accepted = await fleet.StreamAsync(Complaints, 50, _ => new ReportBuilder());
            Assert.Equal(Complaints, accepted.Count);

            // The burst: each complaint routed to the agency, then replied to by its reporter (two events in line per
            // complaint), while the slow receiver keeps every dispatcher busy.
            var acknowledged = new ConcurrentBag<(string Code, string Event)>();
            var burst = Parallel.ForEachAsync(accepted, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (a, _) =>
            {
                using var routed = await fleet.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{a.Code}/route")
                {
                    Content = JsonContent.Create(new { agencyId = agency }),
                }.WithBearer(token), TimeSpan.FromSeconds(40));
                if (routed.StatusCode != HttpStatusCode.OK)
                {
                    // A route the killed host applied but never answered: the retry finds it routed (409); go on.
                    var now = await fleet.ReadAsync(a.Code, TimeSpan.FromSeconds(30));
                    output.WriteLine($"route {a.Code}: {(int)routed.StatusCode}; timeline {string.Join(',', now is null ? [] : Timeline.Actions(now))}");
                    if (now is null || !Timeline.Actions(now).Contains("routed"))
                    {
                        return;
                    }
                }

                acknowledged.Add((a.Code, "routed"));
                using var replied = await fleet.SendAsync(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, $"/api/reporter/complaints/{a.Code}/replies")
                    {
                        Content = JsonContent.Create(new { message = "Mohon segera ditangani, sudah makin parah." }),
                    };
                    request.Headers.Add("X-Tracking-Secret", a.Secret);
                    return request;
                }, TimeSpan.FromSeconds(40));
                if (replied.IsSuccessStatusCode)
                {
                    acknowledged.Add((a.Code, "reporter-replied"));
                }
                else
                {
                    output.WriteLine($"reply {a.Code}: {(int)replied.StatusCode}");
                }
            });

            // kill -9 the victim the moment it holds rows under its lease while the receiver is already taking calls.
            var victim = apis[2];
            var mine = $"lease_owner LIKE '%:{victim.Pid.ToString(CultureInfo.InvariantCulture)}:%'";
            Assert.True(await TestCluster.WaitAsync(async () => receiver.Calls.Count >= 3
                && await db.ScalarAsync<long>($"SELECT count(*) FROM lapor_notification WHERE state = 0 AND {mine}") > 0, TimeSpan.FromSeconds(30)),
                "the victim never held a delivery");
            victim.Kill();
            fleet.MarkDown(victim);
            var killedAt = DateTimeOffset.UtcNow;
            var orphaned = (await RowsAsync(db, agency)).Where(r => r.State == 0 && r.LeaseOwner.Contains($":{victim.Pid}:", StringComparison.Ordinal)).ToList();
            output.WriteLine($"killed {victim.Name} holding {orphaned.Count} row(s); receiver had {receiver.Calls.Count} call(s)");
            Assert.NotEmpty(orphaned);

            await burst;
            Assert.Equal(0, fleet.Status500);
            Assert.Empty(fleet.Unexpected);
            // Not vacuous: the burst went through (a reply whose host died may be refused past its budget; that is the
            // cluster's availability, not the outbox's, and its event is then simply not expected).
            Assert.Equal(Complaints, acknowledged.Count(x => x.Event == "routed"));
            Assert.True(acknowledged.Count >= Complaints * 3 / 2, $"only {acknowledged.Count} of {Complaints * 2} actions acknowledged");

            // Every acknowledged action recorded its event, and every recorded event is delivered, by the survivors.
            List<Row> rows = [];
            var settled = await TestCluster.WaitAsync(async () =>
            {
                rows = await RowsAsync(db, agency);
                return acknowledged.All(x => rows.Any(r => r.ComplaintId == x.Code && r.Event == x.Event)) && rows.All(r => r.State != 0);
            }, TimeSpan.FromSeconds(60));
            output.WriteLine($"settled {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:F1} s after the kill: {rows.Count} rows, "
                + $"{receiver.Calls.Count} calls, {receiver.Calls.Count - receiver.Calls.Select(c => c.Id).Distinct().Count()} repeated ids");
            Assert.True(settled, "not every event was recorded and delivered: "
                + string.Join(", ", rows.Where(r => r.State == 0).Take(5).Select(r => $"{r.ComplaintId}/{r.Event} attempts {r.Attempts}")));
            Assert.All(rows, r => Assert.Equal(1, r.State));

            // At least once, de-duplicated by event id at the receiver: exactly the recorded ids, none missing, none foreign.
            var received = receiver.Accepted;
            Assert.All(received, c => Assert.True(c.SignatureValid, $"bad signature on {c.Id}"));
            Assert.Equal(rows.Select(r => r.EventId).Order(), received.Select(c => c.Id).Distinct().Order());
            foreach (var row in orphaned)
            {
                Assert.Contains(received, c => c.Id == row.EventId);
            }

            // In order per complaint: first arrivals follow the recording order.
            foreach (var complaint in rows.GroupBy(r => r.ComplaintId))
            {
                var firstArrivals = received.Where(c => c.Json["data"]!["trackingCode"]!.GetValue<string>() == complaint.Key).Select(c => c.Id).Distinct();
                Assert.Equal(complaint.OrderBy(r => r.Seq).Select(r => r.EventId), firstArrivals);
            }
        }
        catch
        {
            cluster.Dump();
            throw;
        }
    }

    private sealed record Row(long Seq, string EventId, string ComplaintId, string Event, long State, long Attempts, string LeaseOwner);

    private static async Task<List<Row>> RowsAsync(PostgresTestDatabase db, string agency)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Pooling = false, Timeout = 3 }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq, event_id, complaint_id, event, state, attempts, lease_owner FROM lapor_notification WHERE agency_id = @a ORDER BY seq", connection);
        command.Parameters.AddWithValue("a", agency);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetString(6)));
        }

        return rows;
    }
}
