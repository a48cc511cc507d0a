using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Lapor.Hosting.Storage;
using Orleans.Storage;

namespace Lapor.Bench;

/// <summary>
/// floor --urls U --db FILE --data DIR [--silo-port P --gateway-port G]: the fixed shape of a submission with nothing of Lapor in it,
/// to measure what a single client can reach on this machine at best. One process hosts Kestrel (minimal APIs) and an
/// Orleans silo, as the API does; each route is one step more of what a durable submission must do:
/// <list type="bullet">
/// <item><c>POST /floor/http</c>: read the JSON body and answer 201 (HTTP alone);</item>
/// <item><c>POST /floor/direct</c>: insert the body as one ~1 KB row and answer after its commit, on the request's thread
/// (HTTP and SQLite's own loop, with <c>synchronous=FULL</c>: the commit syncs the log);</item>
/// <item><c>POST /floor/grain</c>: call a new grain (a new activation per request, as a new complaint is) that does the
/// same insert in its turn (HTTP, one Orleans call and the durable insert: the least a submission can be);</item>
/// <item><c>POST /floor/storage</c>: the same grain call, but the grain writes the body as its state through Lapor's own
/// storage (<c>UseLaporStorage</c> on a SQLite file: the grain-state provider,
/// the write connection's groups and the shared log sync) and answers once that write is durable, as a complaint's
/// insert is. What this adds to <c>/floor/grain</c> is the storage machinery alone, without the engine.</item>
/// </list>
/// Load it with <c>wrk -s bench/wrk/submit.lua URL/floor/…</c>; runs until stopped.
/// </summary>
internal static class Floor
{
    public static async Task<int> RunAsync(Options o)
    {
        // No watcher on the content root: the SQLite files written beside it would wake it on every commit.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(o.Get("urls"));
        builder.Services.AddSingleton(new FloorTable(o.Get("db")));
        var storage = new LaporStorageOptions { Provider = LaporStorageProvider.Sqlite, DataFolder = o.Get("data") };
        builder.UseOrleans(silo => silo.UseLocalhostClustering(o.Int("silo-port", 11290), o.Int("gateway-port", 30290)).UseLaporStorage(storage));
        var app = builder.Build();

        app.MapPost("/floor/http", async (HttpRequest request) =>
        {
            await ReadBodyAsync(request);
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        app.MapPost("/floor/direct", async (HttpRequest request, FloorTable table) =>
        {
            table.Insert(await ReadBodyAsync(request));
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        app.MapPost("/floor/grain", async (HttpRequest request, IGrainFactory grains) =>
        {
            await grains.GetGrain<IFloorGrain>(Guid.NewGuid()).InsertAsync(await ReadBodyAsync(request));
            return Results.StatusCode(StatusCodes.Status201Created);
        });

        app.MapPost("/floor/storage", async (HttpRequest request, IGrainFactory grains) =>
        {
            await grains.GetGrain<IFloorStateGrain>("floor-" + Guid.NewGuid().ToString("N")).StoreAsync(await ReadBodyAsync(request));
            return Results.StatusCode(StatusCodes.Status201Created);
        });

        await app.RunAsync();
        return 0;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync();
    }
}

/// <summary>One connection in WAL mode with <c>synchronous=FULL</c>, as SQLite's own loop (<c>sqlite-insert</c>) writes.</summary>
internal sealed class FloorTable : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    public FloorTable(string file)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; " +
                "CREATE TABLE IF NOT EXISTS floor_insert (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, created_ms INTEGER NOT NULL)";
            setup.ExecuteNonQuery();
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO floor_insert (payload, created_ms) VALUES ($p, $t)";
        _insert.Parameters.Add("$p", SqliteType.Text);
        _insert.Parameters.Add("$t", SqliteType.Integer);
        _insert.Prepare();
    }

    public void Insert(string payload)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            _insert.Transaction = transaction;
            _insert.Parameters[0].Value = payload;
            _insert.Parameters[1].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }
}

/// <summary>The floor's grain: one durable insert per activation.</summary>
[Alias("Lapor.Bench.IFloorGrain")]
public interface IFloorGrain : IGrainWithGuidKey
{
    [Alias("Insert")]
    Task InsertAsync(string payload);
}

internal sealed class FloorGrain(FloorTable table) : Grain, IFloorGrain
{
    public Task InsertAsync(string payload)
    {
        table.Insert(payload);
        return Task.CompletedTask;
    }
}

/// <summary>The floor's stored grain: its state written once per activation through Lapor's storage.</summary>
[Alias("Lapor.Bench.IFloorStateGrain")]
public interface IFloorStateGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task StoreAsync(string payload);
}

[GenerateSerializer, Alias("Lapor.Bench.FloorState")]
public sealed class FloorState
{
    [Id(0)]
    public string Payload { get; set; } = "";
}

/// <summary>
/// Writes through the storage as a new complaint does: straight to Lapor's grain storage, with no read on activation
/// (a new complaint's code is new, so its state is assumed absent and its insert refused if it is not), keyed by a
/// string that is not a number or a Guid, as a complaint code is (the storage groups those writes and leaves other keys
/// to Orleans' provider).
/// </summary>
internal sealed class FloorStateGrain([FromKeyedServices(LaporStorage.Name)] IGrainStorage storage) : Grain, IFloorStateGrain
{
    public async Task StoreAsync(string payload)
    {
        // Lapor's storage on SQLite with synchronous=FULL (the default) answers a write once the log sync after it ended.
        await storage.WriteStateAsync("floor", this.GetGrainId(), new GrainState<FloorState>(new FloorState { Payload = payload }));
    }
}
