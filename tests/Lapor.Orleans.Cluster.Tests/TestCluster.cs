using Npgsql;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

/// <summary>Several processes of one test cluster, all killed at the end; their output goes to the test log on failure.</summary>
public sealed class TestCluster(ITestOutputHelper output) : IDisposable
{
    public List<HostProcess> Processes { get; } = [];

    public string ClusterId { get; } = "c" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Each process's silo port, by process name.</summary>
    public Dictionary<string, string> SiloPorts { get; } = [];

    public HostProcess Api(string connectionString, string name, Action<Dictionary<string, string>>? configure = null)
    {
        var env = ClusterEnvironment.For(connectionString, ClusterId);
        configure?.Invoke(env);
        var p = HostProcess.StartApi(name, env);
        Processes.Add(p);
        SiloPorts[name] = env["Lapor__Cluster__SiloPort"];
        return p;
    }

    public HostProcess Silo(string connectionString, string name, Action<Dictionary<string, string>>? configure = null)
    {
        var env = ClusterEnvironment.For(connectionString, ClusterId);
        configure?.Invoke(env);
        var p = HostProcess.StartSilo(name, env);
        Processes.Add(p);
        return p;
    }

    public static async Task WaitAllReadyAsync(IEnumerable<HostProcess> apis, TimeSpan timeout) =>
        await Task.WhenAll(apis.Select(a => a.WaitReadyAsync(timeout)));

    /// <summary>Whether a condition on the cluster's database held within <paramref name="timeout"/> (a refused connection is "not yet").</summary>
    public static Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout) =>
        Eventually.TrueWithinAsync(condition, timeout, TimeSpan.FromMilliseconds(250), e => e is NpgsqlException);

    public void Dump()
    {
        foreach (var p in Processes)
        {
            output.WriteLine($"==== {p.Name} (pid {p.Pid}{(p.HasExited ? $", exited {p.ExitCode}" : "")}) ====");
            foreach (var line in p.Output.Split('\n').Where(l => l.Contains("Unhandled", StringComparison.Ordinal)).Take(5))
            {
                output.WriteLine(line);
            }

            output.WriteLine(p.Tail(60));
        }
    }

    public void Dispose()
    {
        foreach (var p in Processes)
        {
            p.Dispose();
        }
    }
}
