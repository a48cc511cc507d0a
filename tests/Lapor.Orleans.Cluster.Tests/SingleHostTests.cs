using System.Net;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

public sealed class SingleHostTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task A_silo_against_an_empty_database_exits_non_zero_naming_the_schema_apply_command()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var env = ClusterEnvironment.For(db.ConnectionString, "empty");
        using var silo = HostProcess.StartSilo("silo-empty", env);
        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo kept running against an empty database");
        output.WriteLine(silo.Output);
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains("schema apply", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", silo.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Cohosted_api_serves_logs_nothing_personal_and_stops_gracefully()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await db.ApplySchemaAsync();
        using var cluster = new TestCluster(output);
        try
        {
            // Debug level: everything Lapor, ASP.NET Core and Orleans say at that level is checked.
            var api = cluster.Api(db.ConnectionString, "api", env => env["Logging__LogLevel__Default"] = "Debug");
            await api.WaitReadyAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = api.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

            using var fleet = new Fleet([api]);
            var unique = Guid.NewGuid().ToString("N")[..10];
            var secrets = new[]
            {
                $"Wartini{unique}", $"pelapor.{unique}@contoh.id", "+62812" + unique[..6].Select(c => (char)('0' + c % 10)).Aggregate("", (a, c) => a + c),
                $"Pungutan liar {unique} di kantor kelurahan", $"Petugas meminta uang {unique} untuk surat pengantar nikah.",
            };
            var report = new ReportBuilder
            {
                Anonymous = true, Confidential = true, Title = secrets[3], Body = secrets[4],
                Reporter = new(secrets[0], secrets[1], secrets[2]),
            };
            var accepted = await fleet.SubmitAsync(report, TimeSpan.FromSeconds(30));
            Assert.NotNull(accepted);
            var read = await fleet.ReadAsync(accepted.Code, TimeSpan.FromSeconds(20));
            Assert.NotNull(read);
            using (var asReporter = LaporRequests.ReporterView(accepted.Code, accepted.Secret))
            {
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(asReporter)).StatusCode);
            }

            // Graceful stop (SIGTERM): exit code 0, and the silo leaves the membership table as Dead (not evicted later).
            Assert.True(await api.StopAsync(TimeSpan.FromSeconds(40)), "the host did not stop within 40 s");
            Assert.Equal(0, api.ExitCode);
            Assert.Equal(6, await db.ScalarAsync<int>("SELECT status FROM lapor_membership ORDER BY start_time DESC LIMIT 1"));

            var log = api.Output;
            Assert.Contains("dbug:", log, StringComparison.Ordinal); // the capture works
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain(unique, log, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(accepted.Secret, log, StringComparison.Ordinal);
        }
        catch
        {
            cluster.Dump();
            throw;
        }
    }
}
