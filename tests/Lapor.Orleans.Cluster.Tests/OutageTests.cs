using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

/// <summary>
/// Stops and restarts a PostgreSQL server mid-stream. The server is one of its own (.ci/postgres.sh with its own folder
/// and port), so test projects running at the same time against the shared server are not affected.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "lapor-pg-outage");

    [PostgresFact]
    public async Task PostgreSQL_stopped_and_restarted_mid_stream_gives_503s_loses_nothing_and_recovers_by_itself()
    {
        _ = PostgresTestDatabase.Server(); // same prerequisite as every test here: a PostgreSQL installation
        var port = Ports.Free();
        await PostgresAsync("stop", port);
        var server = await PostgresAsync("start", port);
        try
        {
            await using var db = await PostgresTestDatabase.CreateAsync(server);
            await db.ApplySchemaAsync();
            using var cluster = new TestCluster(output);
            try
            {
                var apis = Enumerable.Range(1, 2).Select(i => cluster.Api(db.ConnectionString, $"api-{i}")).ToList();
                await TestCluster.WaitAllReadyAsync(apis, TimeSpan.FromSeconds(60));
                using var fleet = new Fleet(apis);
                var agency = await fleet.DefineShortSlaAgencyAsync();

                // 10 submissions a second for 16 s; the database is down from second 4 to second 12.
                var outage = Stopwatch.StartNew();
                Task? stopping = null;
                Task? starting = null;
                var accepted = await fleet.StreamAsync(160, 10, _ => new ReportBuilder { TargetAgencyId = agency }, i =>
                {
                    if (i == 40)
                    {
                        stopping = PostgresAsync("stop", port);
                        outage.Restart();
                    }
                    else if (i == 120)
                    {
                        starting = PostgresAsync("start", port);
                    }

                    return Task.CompletedTask;
                }, budget: TimeSpan.FromSeconds(45));
                await stopping!;
                await starting!;
                output.WriteLine($"accepted {accepted.Count}/160, 503s {fleet.Status503}, connection failures {fleet.ConnectionFailures}");
                Assert.Empty(fleet.Unexpected);
                Assert.Equal(0, fleet.Status500);
                Assert.True(fleet.Status503 > 0, "no 503 seen during the outage");
                Assert.True(accepted.Count >= 150, $"only {accepted.Count} of 160 submissions acknowledged");

                // Recovered by itself: every host ready again, every acknowledged complaint readable.
                var recovery = Stopwatch.StartNew();
                foreach (var api in apis)
                {
                    await api.WaitReadyAsync(TimeSpan.FromSeconds(30));
                }

                output.WriteLine($"ready again {recovery.Elapsed.TotalSeconds:F1} s after the restart finished");
                foreach (var a in accepted)
                {
                    var complaint = await fleet.ReadAsync(a.Code, TimeSpan.FromSeconds(30));
                    Assert.NotNull(complaint);
                    Assert.Equal("submitted", Timeline.Actions(complaint).First());
                }

                // And durably stored, not only alive in some activation's memory.
                var patterns = string.Join(",", accepted.Select(a => $"'%{a.Code}%'"));
                Assert.Equal(accepted.Count, (int)await db.ScalarAsync<long>(
                    $"SELECT count(DISTINCT grain_id_ext) FROM lapor_grain_state WHERE grain_id_ext LIKE ANY (ARRAY[{patterns}])"));
                Assert.Equal(0, fleet.Status500);
                Assert.Empty(fleet.Unexpected);
            }
            catch
            {
                cluster.Dump();
                throw;
            }
        }
        finally
        {
            await PostgresAsync("stop", port);
        }
    }

    private static async Task<string> PostgresAsync(string command, int port)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Repo.Combine(".ci", "postgres.sh"));
        info.ArgumentList.Add(command);
        info.Environment["LAPOR_PG_ROOT"] = Root;
        info.Environment["LAPOR_PG_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, $"postgres.sh {command} failed: {await stderr}");
        return (await stdout).Trim().Split('\n')[^1];
    }
}
