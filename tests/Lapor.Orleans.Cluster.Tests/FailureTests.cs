using System.Diagnostics;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

public sealed class FailureTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Kill_9_of_one_of_three_silos_mid_stream_loses_nothing_and_deadlines_fire_on_the_survivors()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await db.ApplySchemaAsync();
        using var cluster = new TestCluster(output);
        try
        {
            var apis = Enumerable.Range(1, 3).Select(i => cluster.Api(db.ConnectionString, $"api-{i}")).ToList();
            await TestCluster.WaitAllReadyAsync(apis, TimeSpan.FromSeconds(60));
            using var fleet = new Fleet(apis);
            var agency = await fleet.DefineShortSlaAgencyAsync();
            var victim = apis[2];
            var killedAt = Stopwatch.StartNew();

            // 10 submissions a second for 15 s, round-robin; kill -9 one host after 5 s.
            var accepted = await fleet.StreamAsync(150, 10, _ => new ReportBuilder { TargetAgencyId = agency }, async i =>
            {
                if (i == 50)
                {
                    victim.Kill();
                    fleet.MarkDown(victim);
                    killedAt.Restart();
                }

                await Task.CompletedTask;
            });
            output.WriteLine($"accepted {accepted.Count}/150, 503s {fleet.Status503}, connection failures {fleet.ConnectionFailures}");
            Assert.Empty(fleet.Unexpected);
            Assert.Equal(0, fleet.Status500);
            Assert.True(accepted.Count >= 140, $"only {accepted.Count} of 150 submissions acknowledged");

            // Every acknowledged complaint is readable from the survivors with its timeline.
            foreach (var a in accepted)
            {
                var complaint = await fleet.ReadAsync(a.Code, TimeSpan.FromSeconds(30));
                Assert.NotNull(complaint);
                Assert.Equal("submitted", Timeline.Actions(complaint).First());
            }

            // The one-minute verification deadline fires for every one of them, on the survivors.
            var pending = accepted.Select(a => a.Code).ToHashSet();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(100);
            while (pending.Count > 0 && DateTime.UtcNow < deadline)
            {
                foreach (var code in pending.ToList())
                {
                    if (await fleet.ReadAsync(code, TimeSpan.FromSeconds(10)) is { } c && Timeline.DeadlineFired(c))
                    {
                        pending.Remove(code);
                    }
                }

                if (pending.Count > 0)
                {
                    await Task.Delay(2000);
                }
            }

            Assert.True(pending.Count == 0, $"{pending.Count} complaint(s) never passed their deadline: {string.Join(", ", pending.Take(5))}");
            Assert.Equal(0, fleet.Status500);
            Assert.Empty(fleet.Unexpected);
        }
        catch
        {
            cluster.Dump();
            throw;
        }
    }

    [PostgresFact]
    public async Task A_hung_silo_in_a_three_silo_cluster_is_evicted_in_time_and_its_complaints_move_on()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await db.ApplySchemaAsync();
        using var cluster = new TestCluster(output);
        try
        {
            var apis = Enumerable.Range(1, 3).Select(i => cluster.Api(db.ConnectionString, $"api-{i}")).ToList();
            await TestCluster.WaitAllReadyAsync(apis, TimeSpan.FromSeconds(60));
            Assert.True(await TestCluster.WaitAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM lapor_membership WHERE status = 3") == 3, TimeSpan.FromSeconds(30)));
            var victim = apis[2];
            using var fleet = new Fleet(apis);
            using var onVictim = new Fleet([victim]);
            var agency = await fleet.DefineShortSlaAgencyAsync();

            // Complaints submitted through the victim are activated on it (local placement of new activations).
            var accepted = new List<Fleet.Accepted>();
            for (var i = 0; i < 15; i++)
            {
                accepted.Add((await onVictim.SubmitAsync(new ReportBuilder { TargetAgencyId = agency }, TimeSpan.FromSeconds(20)))!);
            }

            var victimPort = int.Parse(cluster.SiloPorts[victim.Name], System.Globalization.CultureInfo.InvariantCulture);

            victim.Pause();
            fleet.MarkDown(victim);
            var watch = Stopwatch.StartNew();
            var evicted = await TestCluster.WaitAsync(async () =>
                await db.ScalarAsync<int>($"SELECT status FROM lapor_membership WHERE port = {victimPort} ORDER BY generation DESC LIMIT 1") == 6,
                TimeSpan.FromSeconds(30));
            var evictedAfter = watch.Elapsed;
            output.WriteLine($"hung silo declared dead after {evictedAfter.TotalSeconds:F1} s");
            Assert.True(evicted, "the hung silo was not declared dead within 30 s");
            Assert.True(evictedAfter < TimeSpan.FromSeconds(20), $"eviction took {evictedAfter}, documented bound is 20 s");

            output.WriteLine("sessions after eviction: " + await db.ScalarAsync<string>(
                "SELECT coalesce(string_agg(state || ' ' || coalesce(wait_event_type, '-') || ' ' || left(query, 80), E'\\n'), 'none') " +
                "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"));

            // Its complaints are served by the survivors.
            var readWatch = Stopwatch.StartNew();
            foreach (var a in accepted)
            {
                var complaint = await fleet.ReadAsync(a.Code, TimeSpan.FromSeconds(30));
                Assert.NotNull(complaint);
                Assert.Equal("submitted", Timeline.Actions(complaint).First());
            }

            output.WriteLine($"all {accepted.Count} complaints read from survivors {readWatch.Elapsed.TotalSeconds:F1} s after eviction; 503s {fleet.Status503}");
            Assert.Equal(0, fleet.Status500);
            Assert.Empty(fleet.Unexpected);

            // Woken up, the hung silo learns it was declared dead and stops by itself.
            victim.Resume();
            var exited = await victim.WaitForExitAsync(TimeSpan.FromSeconds(20));
            output.WriteLine($"after SIGCONT the evicted silo {(exited ? $"exited with {victim.ExitCode}" : "kept running")}");
            Assert.True(exited, "the evicted silo kept running after SIGCONT");
            Assert.NotEqual(0, victim.ExitCode); // Orleans' fail-fast: a supervisor restarts it as a new silo (operations.md)
        }
        catch
        {
            cluster.Dump();
            throw;
        }
    }
}
