using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lapor.Bench;

/// <summary>
/// floor --urls U --db FILE [--silo-port P --gateway-port G]: the fixed shape of a submission with nothing of Lapor in it,
/// to measure what a single client can reach on this machine at best. One process hosts Kestrel (minimal APIs) and an
/// Orleans silo, as the API does; each route is one step more of what a durable submission must do:
/// <list type="bullet">
/// <item><c>POST /floor/http</c>: read the JSON body and answer 201 (HTTP alone);</item>
/// <item><c>POST /floor/direct</c>: insert the body as one ~1 KB row and answer after its commit, on the request's thread
/// (HTTP and SQLite's own loop, with <c>synchronous=FULL</c>: the commit syncs the log);</item>
/// <item><c>POST /floor/grain</c>: call a new grain (a new activation per request, as a new complaint is) that does the
/// same insert in its turn (HTTP, one Orleans call and the durable insert: the least a submission can be).</item>
/// </list>
/// Load it with <c>wrk -s bench/wrk/floor.lua URL/floor/…</c>; runs until stopped.
/// </summary>
internal static class Floor
{
    public static async Task<int> RunAsync(Options o)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(o.Get("urls"));
        builder.Services.AddSingleton(new FloorTable(o.Get("db")));
        builder.UseOrleans(silo => silo.UseLocalhostClustering(o.Int("silo-port", 11290), o.Int("gateway-port", 30290)));
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
