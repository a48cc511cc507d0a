using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Lapor.Api.Tests.Security;

/// <summary>A deployment that leaves the Orleans Dashboard off (<c>Lapor:Dashboard:Enabled=false</c>).</summary>
public sealed class NoDashboardHost : ApiHost
{
    protected override IEnumerable<string> ExtraArgs() => ["--Lapor:Dashboard:Enabled", "false"];
}

/// <summary>The Orleans Dashboard is on by default for Admin Nasional, and an operator can leave it off entirely.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardSwitchTests(ApiHost host, NoDashboardHost withoutDashboard) : IClassFixture<NoDashboardHost>
{
    [Fact]
    public async Task By_default_admin_nasional_opens_the_dashboard_and_nobody_else_does()
    {
        using var api = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/dashboard/", user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/dashboard/")).StatusCode);
        Assert.NotEmpty(host.Services.GetServices<IConfigureOptions<DashboardOptions>>());
    }

    [Fact]
    public async Task Switched_off_the_dashboard_is_not_served_to_anyone_and_its_grains_do_not_run()
    {
        using var api = withoutDashboard.Client();
        foreach (var path in new[] { "/dashboard/", "/dashboard/SiloCounters/127.0.0.1:1@1" })
        {
            foreach (var user in new[] { "admin.nasional", null })
            {
                var response = await api.GetAsync(path, user: user);
                Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path} as {user ?? "anonymous"}: {response.StatusCode}");
            }
        }

        Assert.Empty(withoutDashboard.Services.GetServices<IConfigureOptions<DashboardOptions>>());
    }
}
