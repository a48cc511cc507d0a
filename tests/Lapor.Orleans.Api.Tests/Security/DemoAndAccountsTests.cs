using System.Net;
using System.Net.Http.Json;
using Lapor.Api.Auth;
using Lapor.Hosting;
using Microsoft.Extensions.Configuration;

namespace Lapor.Api.Tests.Security;

/// <summary>The embedded default as `dotnet Lapor.Orleans.Api.dll` starts it: no demo, no demo logins.</summary>
public sealed class NoDemoHost : ApiHost
{
    protected override IEnumerable<string> ExtraArgs() => ["--Lapor:Demo", "false"];
}

/// <summary>Demo accounts only when asked for; otherwise the first Admin Nasional comes from `admin create`.</summary>
public sealed class DemoAndAccountsTests : IClassFixture<NoDemoHost>
{
    private readonly NoDemoHost _host;

    public DemoAndAccountsTests(NoDemoHost host) => _host = host;

    [Fact]
    public async Task Without_demo_mode_there_are_no_demo_logins_and_no_demo_agencies()
    {
        using var api = _host.Client();
        var devToken = await api.SendAsync(HttpMethod.Post, "/api/dev/token", new { username = "admin.nasional", password = DevTokens.DemoPassword });
        // No such operation: 404, or 405 where the pages' GET-only static-file fallback matches every path.
        Assert.Contains(devToken.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        var signIn = await api.SendAsync(HttpMethod.Post, "/api/auth/token", new { username = "admin.nasional", password = DevTokens.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/agencies/kota-malang")).StatusCode);
    }

    [Fact]
    public async Task Admin_create_prints_a_generated_password_once_and_that_account_signs_in_as_national_admin()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:DataFolder"] = _host.DataFolder,
            ["username"] = "admin.pertama",
        }).Build();
        using var first = new StringWriter();
        try
        {
            Assert.True(AdminCommand.TryRun(["admin", "create"], configuration, first));
            Assert.Equal(0, Environment.ExitCode);
            var password = first.ToString().Split('\n').Single(l => l.StartsWith("Kata sandi / password: ", StringComparison.Ordinal))
                ["Kata sandi / password: ".Length..].Trim();
            Assert.True(password.Length >= 25);
            Assert.DoesNotContain(password, File.ReadAllText(Path.Combine(_host.DataFolder, LocalAccounts.FileName)), StringComparison.Ordinal);

            using var again = new StringWriter();
            Assert.True(AdminCommand.TryRun(["admin", "create"], configuration, again));
            Assert.Equal(1, Environment.ExitCode);
            Assert.DoesNotContain("password:", again.ToString(), StringComparison.Ordinal);

            using var api = _host.Client();
            var wrong = await api.SendAsync(HttpMethod.Post, "/api/auth/token", new { username = "admin.pertama", password = "salah" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            var signIn = await api.SendAsync(HttpMethod.Post, "/api/auth/token", new { username = "admin.pertama", password });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            var token = (await LaporClient.JsonAsync(signIn))["accessToken"]!.GetValue<string>();
            using var define = new HttpRequestMessage(HttpMethod.Put, "/api/admin/agencies/prov-uji")
            {
                Content = JsonContent.Create(new { name = "Provinsi Uji", level = "province", parentId = "nasional", zone = "wib" }),
            };
            define.Headers.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(define)).StatusCode);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public void Demo_mode_is_on_only_when_asked_for_or_in_development()
    {
        static DeploymentProfile Profile(params (string Key, string Value)[] settings) => DeploymentProfile.From(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

        Assert.False(Profile().IsDemo);
        Assert.False(Profile().OffersDevTokens);
        Assert.False(Profile().LoadsDemoData);
        Assert.False(Profile(("environment", "Production")).IsDemo);
        Assert.True(Profile(("environment", "Development")).OffersDevTokens);
        Assert.True(Profile(("Lapor:Demo", "true")).LoadsDemoData);
        Assert.False(Profile(("Lapor:Demo", "true"), ("Lapor:Auth:Authority", "https://sso.example.go.id")).OffersDevTokens);
        Assert.Equal(["--urls", "x", "--Lapor:Demo=true"], LaporApi.ExpandSwitches(["--urls", "x", "--demo"]));
    }
}
