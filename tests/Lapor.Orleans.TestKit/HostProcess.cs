using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Lapor.TestKit;

/// <summary>
/// A built host (<c>dotnet &lt;dll&gt;</c>) running as a real operating-system process, its output captured. Disposing
/// it kills it (kill -9) if it still runs.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private HostProcess(string name, Process process, Uri? baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    /// <summary>Where an API host listens (null for a silo or a command).</summary>
    public Uri? BaseAddress { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far, one line each.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// Starts the built API on a loopback port (<paramref name="port"/>, or a free one) with <paramref name="env"/> as
    /// environment and <paramref name="args"/> after <c>--urls</c>.
    /// </summary>
    public static HostProcess StartApi(string name, IReadOnlyDictionary<string, string>? env = null, IEnumerable<string>? args = null, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{(port ?? Ports.Free()).ToString(CultureInfo.InvariantCulture)}");
        return Start(name, Repo.ApiDll, ["--urls", address.ToString().TrimEnd('/'), .. args ?? []], env, address);
    }

    /// <summary>Starts the built standalone silo.</summary>
    public static HostProcess StartSilo(string name, IReadOnlyDictionary<string, string>? env = null, IEnumerable<string>? args = null) =>
        Start(name, Repo.SiloDll, args ?? [], env, null);

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> in the dll's folder.</summary>
    public static HostProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, Uri? baseAddress = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var result = new HostProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => result.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => result.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs a command (e.g. <c>schema apply</c>) to its end: exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunToEndAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env,
        TimeSpan timeout)
    {
        using var p = Start(Path.GetFileNameWithoutExtension(dll), dll, args, env);
        using var cts = new CancellationTokenSource(timeout);
        await p._process.WaitForExitAsync(cts.Token);
        p._process.WaitForExit(); // flush the output readers
        return (p._process.ExitCode, p.Output);
    }

    /// <summary>Until the API answers /health/ready; fails at once, with the output's tail, if the process exits.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        if (BaseAddress is null)
        {
            throw new InvalidOperationException($"{Name} has no HTTP address to wait for.");
        }

        try
        {
            await Eventually.HttpReadyAsync(BaseAddress, timeout,
                gone: () => _process.HasExited ? $"{Name} exited with {_process.ExitCode}:\n{Tail()}" : null);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{Name}: {e.Message}\n{Tail()}", e);
        }
    }

    /// <summary>Whether the process exited within <paramref name="timeout"/> (its output then fully read).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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

    /// <summary>SIGSTOP: the process hangs (no thread runs) until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Graceful stop: SIGTERM, then whether it exited within <paramref name="timeout"/>.</summary>
    public Task<bool> StopAsync(TimeSpan timeout)
    {
        Signal("TERM");
        return WaitForExitAsync(timeout);
    }

    /// <summary>Sends a signal by name (STOP, CONT, TERM, …) with kill(1).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {Pid.ToString(CultureInfo.InvariantCulture)}") { UseShellExecute = false })!;
        kill.WaitForExit(5_000);
    }

    /// <summary>The last lines of the output.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _lines.TakeLast(lines));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Resume(); // in case a test paused it (SIGSTOP)
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started, or already gone
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
