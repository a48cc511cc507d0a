using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lapor.Api.Tests.FreshMachine;

/// <summary>What a new user does first: the README's commands, run as written.</summary>
public sealed partial class ReadmeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lapor-readme-" + Guid.NewGuid().ToString("N"));

    public ReadmeTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lapor.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Lapor.Orleans.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Readme() => File.ReadAllText(Path.Combine(Root(), "README.md"));

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root() };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex("```bash\n(?<script>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [Fact]
    public void The_run_command_asks_for_the_demo_and_plain_dotnet_run_gets_it_from_the_launch_profile()
    {
        var readme = Readme();
        Assert.Contains("dotnet run --project Api -- --demo --urls http://localhost:5000", readme, StringComparison.Ordinal);
        Assert.Contains("./test.sh", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("uuidgen)\"", readme, StringComparison.Ordinal);
        var launch = File.ReadAllText(Path.Combine(Root(), "Api", "Properties", "launchSettings.json"));
        Assert.Contains("\"Lapor__Demo\": \"true\"", launch, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root(), "Api", "appsettings.json")), "the README points to Api/appsettings.json");
    }

    [Fact]
    public async Task The_test_command_starts_its_own_postgresql_when_none_is_given()
    {
        var (exit, output) = await RunAsync("bash", ["test.sh", "--filter", "Nothing"],
            new Dictionary<string, string?> { ["LAPOR_TEST_POSTGRES"] = null, ["LAPOR_SKIP_POSTGRES"] = null, ["LAPOR_TEST_DRY_RUN"] = "1" });
        Assert.Equal(0, exit);
        Assert.Matches("LAPOR_TEST_POSTGRES=Host=127.0.0.1;Port=55432;", output);
        Assert.Contains("dotnet test Lapor.Orleans.sln --filter Nothing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_walkthrough_runs_as_written_with_curl_and_jq_against_the_demo()
    {
        var script = BashBlock().Matches(Readme()).Select(m => m.Groups["script"].Value).Single(s => s.Contains("Idempotency-Key: $KEY", StringComparison.Ordinal));
        var port = Ports.Free();
        var settings = new Dictionary<string, string>
        {
            ["Lapor:Storage:DataFolder"] = Path.Combine(_folder, "data"),
            ["Lapor:Cluster:SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Lapor:Cluster:GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Lapor:Demo"] = "true",
        };
        using var api = HostProcess.StartApi("readme", args: settings.Select(kv => $"--{kv.Key}={kv.Value}"), port: port);
        await Eventually.HttpReadyAsync(api.BaseAddress!, TimeSpan.FromSeconds(60), gone: () => api.HasExited ? api.Output : null);
        var (exit, output) = await RunAsync("bash", ["-euo", "pipefail", "-c", script.Replace("/tmp/lapor.json", Path.Combine(_folder, "lapor.json"), StringComparison.Ordinal)],
            new Dictionary<string, string?> { ["B"] = api.BaseAddress!.ToString().TrimEnd('/') });
        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^LPR-[0-9A-Z]{10}-[0-9A-Z]{3}$", lines[0]);
        Assert.Equal(["malang-dishub  Dinas Perhubungan Kota Malang", "routed", "routed", lines[0], "inProgress", "412", "resolved"], lines[1..8]);
        Assert.Contains("closed", lines, StringComparer.Ordinal);
        Assert.Contains("Lampu lalu lintas mati", lines, StringComparer.Ordinal);
    }
}
