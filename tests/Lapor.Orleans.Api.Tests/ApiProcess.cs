using System.Diagnostics;
using System.Globalization;

namespace Lapor.Api.Tests;

/// <summary>The API as a real operating-system process on loopback, for durability tests (kill -9 and restart).</summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ApiProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string ApiDll()
    {
        var testDir = AppContext.BaseDirectory;
        var configuration = testDir.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(testDir); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lapor.Orleans.sln")))
            {
                var dll = Path.Combine(dir.FullName, "Api", "bin", configuration, "net10.0", "Lapor.Orleans.Api.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Api project first.", dll);
            }
        }

        throw new DirectoryNotFoundException("Lapor.Orleans.sln not found above " + testDir);
    }

    /// <summary>Starts the API (co-hosted silo) with the given settings and waits until /health/ready answers.</summary>
    public static async Task<ApiProcess> StartAsync(string logPath, IReadOnlyDictionary<string, string> settings, int httpPort)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ApiDll())!,
        };
        info.ArgumentList.Add(ApiDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, log, new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}"));
        try
        {
            await ApiHost.WaitReadyAsync(api.BaseAddress, TimeSpan.FromSeconds(90));
        }
        catch
        {
            api.Kill();
            throw new InvalidOperationException("The API process did not become ready; log: " + logPath);
        }

        return api;
    }

    /// <summary>kill -9: no shutdown, no flush, nothing graceful.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
