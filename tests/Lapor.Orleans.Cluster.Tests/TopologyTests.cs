using System.Net;
using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

public sealed class TopologyTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Standalone_silos_an_api_joining_as_silo_and_a_client_mode_api_serve_the_same_complaints()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await db.ApplySchemaAsync();
        using var cluster = new TestCluster(output);
        try
        {
            cluster.Silo(db.ConnectionString, "silo-1");
            cluster.Silo(db.ConnectionString, "silo-2");
            var cohosted = cluster.Api(db.ConnectionString, "api-cohosted");
            var client = cluster.Api(db.ConnectionString, "api-client", env => env["Lapor__Api__Mode"] = "Client");
            await TestCluster.WaitAllReadyAsync([cohosted, client], TimeSpan.FromSeconds(60));

            // Two standalone silos and the co-hosting API are members; the client-mode API is not.
            var active = await TestCluster.WaitAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM lapor_membership WHERE status = 3") == 3, TimeSpan.FromSeconds(30));
            Assert.True(active, "expected 3 active silos in the membership table");

            using var viaCohosted = new Fleet([cohosted]);
            using var viaClient = new Fleet([client]);
            var agency = await viaCohosted.DefineShortSlaAgencyAsync();
            var a = await viaCohosted.SubmitAsync(new ReportBuilder { TargetAgencyId = agency }, TimeSpan.FromSeconds(30));
            var b = await viaClient.SubmitAsync(new ReportBuilder { TargetAgencyId = agency }, TimeSpan.FromSeconds(30));
            Assert.NotNull(a);
            Assert.NotNull(b);
            Assert.Equal("submitted", Timeline.Actions((await viaClient.ReadAsync(a.Code, TimeSpan.FromSeconds(20)))!).First());
            Assert.Equal("submitted", Timeline.Actions((await viaCohosted.ReadAsync(b.Code, TimeSpan.FromSeconds(20)))!).First());

            // The dashboard is there on both kinds of API host, for Admin Nasional only.
            foreach (var (host, fleet) in new[] { (cohosted, viaCohosted), (client, viaClient) })
            {
                using var http = new HttpClient { BaseAddress = host.BaseAddress };
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/dashboard")).StatusCode);
                using var asOfficer = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
                asOfficer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fleet.TokenAsync("admin.malang"));
                Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(asOfficer)).StatusCode);
                // The page redirects /dashboard to /dashboard/ (and HttpClient drops the bearer token on redirects).
                using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
                var path = "/dashboard";
                HttpResponseMessage page;
                for (var hop = 0; ; hop++)
                {
                    using var asAdmin = new HttpRequestMessage(HttpMethod.Get, path);
                    asAdmin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fleet.TokenAsync("admin.nasional"));
                    page = await noRedirect.SendAsync(asAdmin);
                    if (hop < 3 && (int)page.StatusCode is >= 300 and < 400 && page.Headers.Location is { } next)
                    {
                        path = next.IsAbsoluteUri ? next.PathAndQuery : next.OriginalString;
                        continue;
                    }

                    break;
                }

                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            }

            Assert.Equal(0, viaCohosted.Status500 + viaClient.Status500);
        }
        catch
        {
            cluster.Dump();
            throw;
        }
    }
}
