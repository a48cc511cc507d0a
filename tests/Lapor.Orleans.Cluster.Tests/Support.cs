using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace Lapor.Cluster.Tests;

/// <summary>A fresh database for one test on the server in LAPOR_TEST_POSTGRES (or a given server), dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string Server() => Storage.Tests.PostgresTestDatabase.Server();

    public static async Task<TestDatabase> CreateAsync(string? server = null)
    {
        server ??= Server();
        var name = "lapor_cluster_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(Admin(server));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new TestDatabase(server, name);
    }

    /// <summary>Runs the silo's <c>schema apply</c> command against this database.</summary>
    public async Task ApplySchemaAsync()
    {
        var (code, output) = await LaporProcess.RunToEndAsync(Hosts.SiloDll, ["schema", "apply"], Hosts.StorageEnv(ConnectionString), TimeSpan.FromSeconds(60));
        Assert.True(code == 0, "schema apply failed: " + output);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3 }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(Admin(_server));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // best effort (the server may be down in an outage test's failure path)
        }
    }

    private static string Admin(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
}

/// <summary>Where the built hosts are, and the configuration every test process shares.</summary>
public static class Hosts
{
    public static readonly string RepoRoot = FindRepoRoot();
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string ApiDll => Output("Api", "Lapor.Orleans.Api.dll");

    public static string SiloDll => Output("Silo", "Lapor.Orleans.Silo.dll");

    // Shared by every API host of a test cluster (production needs the same keys everywhere).
    public static readonly string ServerKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first: {path} not found.");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lapor.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Lapor.Orleans.sln not found above " + AppContext.BaseDirectory);
    }

    public static Dictionary<string, string> StorageEnv(string connectionString) => new()
    {
        ["Lapor__Storage__Provider"] = "Postgres",
        ["Lapor__Storage__ConnectionString"] = connectionString,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    /// <summary>Environment for a silo or API process of a test cluster.</summary>
    public static Dictionary<string, string> ClusterEnv(string connectionString, string clusterId, string logLevel = "Warning")
    {
        var env = StorageEnv(connectionString);
        env["Lapor__Cluster__ClusterId"] = clusterId;
        env["Lapor__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        env["Lapor__Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        env["Lapor__Cluster__MinimumReminderPeriod"] = "00:00:05";
        env["Lapor__Engine__ReminderPeriod"] = "00:00:05";
        env["Lapor__Security__ServerKey"] = ServerKey;
        env["Lapor__Auth__SigningKey"] = SigningKey;
        env["Lapor__Auth__DevTokens"] = "true";
        env["Logging__LogLevel__Default"] = logLevel;
        env["Logging__Console__FormatterName"] = "simple";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        return env;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One host process (API or silo) with its output captured.</summary>
public sealed class LaporProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private LaporProcess(string name, Process process, Uri? baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri? BaseAddress { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join('\n', _lines);

    public static LaporProcess StartApi(string name, Dictionary<string, string> env)
    {
        var port = Hosts.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        return Start(name, Hosts.ApiDll, ["--urls", address.ToString().TrimEnd('/')], env, address);
    }

    public static LaporProcess StartSilo(string name, Dictionary<string, string> env) => Start(name, Hosts.SiloDll, [], env, null);

    private static LaporProcess Start(string name, string dll, string[] args, Dictionary<string, string> env, Uri? address)
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

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var result = new LaporProcess(name, process, address);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { result._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { result._lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public static async Task<(int Code, string Output)> RunToEndAsync(string dll, string[] args, Dictionary<string, string> env, TimeSpan timeout)
    {
        using var p = Start("cmd", dll, args, env, null);
        using var cts = new CancellationTokenSource(timeout);
        await p._process.WaitForExitAsync(cts.Token);
        p._process.WaitForExit(); // flush the output readers
        return (p._process.ExitCode, p.Output);
    }

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

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {Pid}") { UseShellExecute = false })!;
        kill.WaitForExit(5_000);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail()}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} at {BaseAddress} not ready after {timeout}:\n{Tail()}");
            }

            await Task.Delay(200);
        }
    }

    public string Tail(int lines = 40) => string.Join('\n', _lines.TakeLast(lines));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal("CONT");
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}

/// <summary>An HTTP client over several API hosts: round-robin, retries 503s and connection failures, counts 5xx.</summary>
public sealed class Fleet : IDisposable
{
    private readonly List<(LaporProcess Host, HttpClient Http)> _hosts = [];
    private readonly HashSet<string> _down = [];
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private int _next;

    public Fleet(IEnumerable<LaporProcess> hosts)
    {
        foreach (var h in hosts)
        {
            _hosts.Add((h, new HttpClient { BaseAddress = h.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }));
        }
    }

    public int Status500 => _500;

    public int Status503 => _503;

    public int ConnectionFailures => _connectionFailures;

    public ConcurrentQueue<string> Unexpected { get; } = new();

    private int _500;
    private int _503;
    private int _connectionFailures;

    /// <summary>Stops sending to a host (it was killed or hung on purpose).</summary>
    public void MarkDown(LaporProcess host)
    {
        lock (_down)
        {
            _down.Add(host.Name);
        }
    }

    private HttpClient Pick()
    {
        lock (_down)
        {
            for (var i = 0; i < _hosts.Count; i++)
            {
                var (host, http) = _hosts[Interlocked.Increment(ref _next) % _hosts.Count];
                if (!_down.Contains(host.Name))
                {
                    return http;
                }
            }
        }

        throw new InvalidOperationException("No API host left.");
    }

    public async Task<string> TokenAsync(string user)
    {
        if (_tokens.TryGetValue(user, out var token))
        {
            return token;
        }

        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/dev/token")
        {
            Content = JsonContent.Create(new { username = user, password = "lapor-demo" }),
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        _tokens[user] = token;
        return token;
    }

    /// <summary>
    /// Sends (a fresh copy of) the request until it gets an answer other than 503 or a connection failure, for at most
    /// <paramref name="budget"/>. Every attempt picks the next host.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            try
            {
                response = await Pick().SendAsync(request());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _connectionFailures);
            }

            if (response is not null)
            {
                var status = (int)response.StatusCode;
                if (status == 500)
                {
                    Interlocked.Increment(ref _500);
                    Unexpected.Enqueue($"500 {request().RequestUri}: {await response.Content.ReadAsStringAsync()}");
                }

                if (status == 503)
                {
                    Interlocked.Increment(ref _503);
                    Assert.True(response.Headers.RetryAfter is not null || response.Headers.Contains("Retry-After"), "503 without Retry-After");
                }

                if (status is not (503 or 500 or 502 or 504))
                {
                    return response;
                }

                if (DateTime.UtcNow > deadline)
                {
                    return response;
                }

                response.Dispose();
            }
            else if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No answer within {budget} after {attempt} attempts.");
            }

            await Task.Delay(Math.Min(1000, 100 * attempt));
        }
    }

    public sealed record Accepted(string Code, string Secret);

    public static object Report(string? targetAgencyId, bool anonymous = false, bool confidential = false,
        string title = "Jalan berlubang di depan sekolah", string body = "Jalan berlubang besar sudah dua minggu dan membahayakan pengendara motor.",
        string name = "Siti Rahayu", string email = "siti.rahayu@example.id", string phone = "+6281234567890") => new
    {
        kind = "complaint",
        title,
        body,
        incidentDate = "2026-11-20",
        location = new { regionCode = "35.73.01", latitude = -7.98, longitude = 112.63, description = "Jl. Ijen" },
        category = "Infrastruktur",
        channel = "web",
        anonymous,
        confidential,
        targetAgencyId,
        reporter = new { name, email, phone },
    };

    /// <summary>Submits with an Idempotency-Key (so retries land on one complaint). Null when no 2xx came within the budget.</summary>
    public async Task<Accepted?> SubmitAsync(object report, TimeSpan budget)
    {
        var key = Guid.NewGuid().ToString();
        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = JsonContent.Create(report) };
            r.Headers.Add("Idempotency-Key", key);
            return r;
        }, budget);
        if (!response.IsSuccessStatusCode)
        {
            if ((int)response.StatusCode is not 503)
            {
                Unexpected.Enqueue($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return null;
        }

        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Accepted(json["trackingCode"]!.GetValue<string>(), json["secret"]!.GetValue<string>());
    }

    /// <summary>Reads a complaint as Admin Nasional (full timeline).</summary>
    public async Task<JsonObject?> ReadAsync(string code, TimeSpan budget)
    {
        var token = await TokenAsync("admin.nasional");
        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/{code}");
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return r;
        }, budget);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    /// <summary>Defines an agency under the national root with a one-minute verification limit.</summary>
    public async Task<string> DefineShortSlaAgencyAsync()
    {
        var token = await TokenAsync("admin.nasional");
        var id = "uji-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await SendAsync(() =>
        {
            var r = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/agencies/{id}")
            {
                Content = JsonContent.Create(new
                {
                    name = "Instansi uji " + id,
                    level = "ministry",
                    parentId = "nasional",
                    zone = "wib",
                    policy = new { verification = new { amount = 1, unit = "minutes" } },
                }),
            };
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return r;
        }, TimeSpan.FromSeconds(30));
        Assert.True(response.IsSuccessStatusCode, $"define agency: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>Submits <paramref name="count"/> reports at about <paramref name="perSecond"/>, calling <paramref name="at"/> after each start.</summary>
    public async Task<List<Accepted>> StreamAsync(int count, int perSecond, Func<int, object> report, Func<int, Task>? at = null, TimeSpan? budget = null)
    {
        var accepted = new ConcurrentBag<Accepted>();
        var running = new List<Task>();
        var started = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed);
            }

            var n = i;
            running.Add(Task.Run(async () =>
            {
                if (await SubmitAsync(report(n), budget ?? TimeSpan.FromSeconds(40)) is { } ok)
                {
                    accepted.Add(ok);
                }
            }));
            if (at is not null)
            {
                await at(i);
            }
        }

        await Task.WhenAll(running);
        return [.. accepted];
    }

    public void Dispose()
    {
        foreach (var (_, http) in _hosts)
        {
            http.Dispose();
        }
    }
}

/// <summary>Several processes of one test cluster, all killed at the end; their output goes to the test log on failure.</summary>
public sealed class TestCluster(ITestOutputHelper output) : IDisposable
{
    public List<LaporProcess> Processes { get; } = [];

    public string ClusterId { get; } = "c" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Each process's silo port, by process name.</summary>
    public Dictionary<string, string> SiloPorts { get; } = [];

    public LaporProcess Api(string connectionString, string name, Action<Dictionary<string, string>>? configure = null)
    {
        var env = Hosts.ClusterEnv(connectionString, ClusterId);
        configure?.Invoke(env);
        var p = LaporProcess.StartApi(name, env);
        Processes.Add(p);
        SiloPorts[name] = env["Lapor__Cluster__SiloPort"];
        return p;
    }

    public LaporProcess Silo(string connectionString, string name, Action<Dictionary<string, string>>? configure = null)
    {
        var env = Hosts.ClusterEnv(connectionString, ClusterId);
        configure?.Invoke(env);
        var p = LaporProcess.StartSilo(name, env);
        Processes.Add(p);
        return p;
    }

    public static async Task WaitAllReadyAsync(IEnumerable<LaporProcess> apis, TimeSpan timeout) =>
        await Task.WhenAll(apis.Select(a => a.WaitReadyAsync(timeout)));

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

public static class Timeline
{
    public static IEnumerable<string> Actions(JsonObject complaint) =>
        complaint["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>());

    public static bool DeadlineFired(JsonObject complaint) =>
        Actions(complaint).Any(a => a is "escalated" or "national-intervention");
}
