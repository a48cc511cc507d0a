using System.Globalization;
using System.Net;
using Lapor.Api.Http;

namespace Lapor.Api.Tests.Security;

/// <summary>The real process: a quiet start with one banner, and request values that cannot forge log lines.</summary>
public sealed class StartupLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lapor-startup-" + Guid.NewGuid().ToString("N"));

    public StartupLogTests() => Directory.CreateDirectory(_folder);

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

    [Fact]
    public async Task The_start_is_quiet_with_one_banner_and_a_crlf_in_a_url_cannot_forge_a_log_line()
    {
        var port = Ports.Free();
        var data = Path.Combine(_folder, "data");
        var settings = new Dictionary<string, string>
        {
            ["Lapor:Storage:DataFolder"] = data,
            ["Lapor:Cluster:SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Lapor:Cluster:GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Lapor:Demo"] = "true",
            // Request logging on, so the hostile URL reaches the log at all.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        };
        string output;
        using (var api = HostProcess.StartApi("startup", args: settings.Select(kv => $"--{kv.Key}={kv.Value}"), port: port))
        {
            await Eventually.HttpReadyAsync(api.BaseAddress!, TimeSpan.FromSeconds(60), gone: () => api.HasExited ? api.Output : null);
            using var http = new HttpClient { BaseAddress = api.BaseAddress };
            var response = await http.GetAsync("/api/public/complaints/x%0D%0Awarn:%20Palsu[0]%20baris%20palsu%1B[31m");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            // The console logger writes on its own thread: wait (bounded) until the request's line is out.
            await Eventually.TrueWithinAsync(() => Task.FromResult(api.Output.Contains("Palsu", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
            output = api.Output;
        }

        var lines = output.Split('\n');
        var banner = Array.FindIndex(lines, l => l.Contains("Lapor.Orleans API siap / ready", StringComparison.Ordinal));
        Assert.True(banner >= 0, "banner missing:\n" + string.Join('\n', lines));
        Assert.True(banner <= 3, $"{banner} lines before the banner:\n" + string.Join('\n', lines.Take(banner)));
        var text = string.Join('\n', lines);
        Assert.Contains($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/scalar", text, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(data), text, StringComparison.Ordinal);
        Assert.Contains("tertanam / embedded", text, StringComparison.Ordinal);
        Assert.Contains("AKTIF / ON", text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("warn: ", StringComparison.Ordinal) && l.Contains("MODE DEMO", StringComparison.Ordinal));

        // The hostile URL is in the log, escaped on its own line; no line starts with the forged text, no escape byte.
        Assert.Contains(lines, l => l.Contains("x\\r\\nwarn: Palsu", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("warn: Palsu", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains('\u001b', StringComparison.Ordinal) || l.Contains('\r', StringComparison.Ordinal));
    }

    [Fact]
    public void The_log_format_escapes_control_characters_and_line_separators()
    {
        Assert.Equal("a\\r\\nb\\u001b[31m\\u2028c", SafeConsoleFormatter.Escape("a\r\nb\u001b[31m\u2028c"));
        Assert.Equal("plain text", SafeConsoleFormatter.Escape("plain text"));
    }
}
