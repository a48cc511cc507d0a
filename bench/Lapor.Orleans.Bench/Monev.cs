using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Lapor.Bench;

/// <summary>
/// Issue 15: a national-shape agency tree, a year of generated monev facts, the monev views timed beside
/// <c>/health/live</c>, and SQLite's own insert rate as the reference for intake on the embedded default.
/// </summary>
public static class MonevBench
{
    /// <summary>38 provinces with their zone and (approximately) their number of regencies and cities: 514 in all.</summary>
    private static readonly (string Id, string Name, AgencyZone Zone, int Regencies)[] Provinces =
    [
        ("aceh", "Aceh", AgencyZone.Wib, 23), ("sumut", "Sumatera Utara", AgencyZone.Wib, 33), ("sumbar", "Sumatera Barat", AgencyZone.Wib, 19),
        ("riau", "Riau", AgencyZone.Wib, 12), ("jambi", "Jambi", AgencyZone.Wib, 11), ("sumsel", "Sumatera Selatan", AgencyZone.Wib, 17),
        ("bengkulu", "Bengkulu", AgencyZone.Wib, 10), ("lampung", "Lampung", AgencyZone.Wib, 15), ("babel", "Kepulauan Bangka Belitung", AgencyZone.Wib, 7),
        ("kepri", "Kepulauan Riau", AgencyZone.Wib, 7), ("dki", "DKI Jakarta", AgencyZone.Wib, 6), ("jabar", "Jawa Barat", AgencyZone.Wib, 27),
        ("jateng", "Jawa Tengah", AgencyZone.Wib, 35), ("diy", "DI Yogyakarta", AgencyZone.Wib, 5), ("jatim", "Jawa Timur", AgencyZone.Wib, 38),
        ("banten", "Banten", AgencyZone.Wib, 8), ("kalbar", "Kalimantan Barat", AgencyZone.Wib, 14), ("kalteng", "Kalimantan Tengah", AgencyZone.Wib, 14),
        ("bali", "Bali", AgencyZone.Wita, 9), ("ntb", "Nusa Tenggara Barat", AgencyZone.Wita, 10), ("ntt", "Nusa Tenggara Timur", AgencyZone.Wita, 22),
        ("kalsel", "Kalimantan Selatan", AgencyZone.Wita, 13), ("kaltim", "Kalimantan Timur", AgencyZone.Wita, 10), ("kaltara", "Kalimantan Utara", AgencyZone.Wita, 5),
        ("sulut", "Sulawesi Utara", AgencyZone.Wita, 15), ("sulteng", "Sulawesi Tengah", AgencyZone.Wita, 13), ("sulsel", "Sulawesi Selatan", AgencyZone.Wita, 24),
        ("sultra", "Sulawesi Tenggara", AgencyZone.Wita, 17), ("gorontalo", "Gorontalo", AgencyZone.Wita, 6), ("sulbar", "Sulawesi Barat", AgencyZone.Wita, 6),
        ("maluku", "Maluku", AgencyZone.Wit, 11), ("malut", "Maluku Utara", AgencyZone.Wit, 10), ("papua", "Papua", AgencyZone.Wit, 9),
        ("pabar", "Papua Barat", AgencyZone.Wit, 7), ("papsel", "Papua Selatan", AgencyZone.Wit, 4), ("papteng", "Papua Tengah", AgencyZone.Wit, 8),
        ("pappeg", "Papua Pegunungan", AgencyZone.Wit, 8), ("pbd", "Papua Barat Daya", AgencyZone.Wit, 6),
    ];

    private static readonly string[] Categories =
        ["infrastruktur", "kesehatan", "pendidikan", "administrasi-kependudukan", "lingkungan-hidup", "perhubungan", "sosial", "perizinan"];

    public sealed record TreeNode(string Id, string? Parent, AgencyLevel Level, AgencyZone Zone);

    /// <summary>Units (OPD) a regency's government typically has, for trees with units below each regency.</summary>
    private static readonly string[] Units =
    [
        "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Perumahan dan Kawasan Permukiman",
        "Satuan Polisi Pamong Praja", "Dinas Sosial", "Dinas Tenaga Kerja", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "Dinas Ketahanan Pangan", "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Pemberdayaan Masyarakat dan Desa",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana", "Dinas Perhubungan", "Dinas Komunikasi dan Informatika",
        "Dinas Koperasi dan Usaha Mikro", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Dinas Kepemudaan dan Olahraga",
        "Dinas Kebudayaan dan Pariwisata", "Dinas Perpustakaan dan Kearsipan", "Dinas Perikanan", "Dinas Pertanian", "Dinas Perdagangan",
        "Dinas Perindustrian", "Badan Perencanaan Pembangunan Daerah", "Badan Keuangan dan Aset Daerah", "Badan Pendapatan Daerah",
        "Badan Kepegawaian dan Pengembangan SDM", "Badan Penanggulangan Bencana Daerah", "Badan Kesatuan Bangsa dan Politik",
        "Inspektorat Daerah", "Sekretariat Daerah", "Sekretariat DPRD", "Rumah Sakit Umum Daerah", "Dinas Pemadam Kebakaran",
        "Dinas Kearsipan", "Bagian Hukum", "Bagian Organisasi", "Bagian Pengadaan Barang dan Jasa", "Kecamatan Kota",
    ];

    /// <summary>The national-shape tree: provinces and their regencies/cities, and <paramref name="ministries"/> ministries, under "nasional".</summary>
    public static List<TreeNode> NationalTree(int ministries, int unitsPerRegency = 0)
    {
        var nodes = new List<TreeNode>();
        foreach (var (id, _, zone, regencies) in Provinces)
        {
            nodes.Add(new TreeNode("prov-" + id, AgencyIds.National, AgencyLevel.Province, zone));
            for (var i = 1; i <= regencies; i++)
            {
                nodes.Add(new TreeNode($"kab-{id}-{i:D2}", "prov-" + id, AgencyLevel.RegencyCity, zone));
                for (var u = 0; u < unitsPerRegency; u++)
                {
                    nodes.Add(new TreeNode($"kab-{id}-{i:D2}-opd{u:D2}", $"kab-{id}-{i:D2}", AgencyLevel.Unit, zone));
                }
            }
        }

        for (var i = 1; i <= ministries; i++)
        {
            nodes.Add(new TreeNode($"kl-{i:D3}", AgencyIds.National, AgencyLevel.Ministry, AgencyZone.Wib));
        }

        return nodes;
    }

    /// <summary>
    /// tree --urls U --ministries 150 [--units 0] --out FILE: defines the tree through the admin API (PUT
    /// /api/admin/agencies/{id}), with <c>--units</c> units below each regency.
    /// </summary>
    public static async Task<int> TreeAsync(Options o)
    {
        using var http = new Http(o.Urls(), 8);
        var token = await TokenAsync(http, "admin.nasional");
        var nodes = NationalTree(o.Int("ministries", 150), o.Int("units", 0));
        var names = Provinces.ToDictionary(p => "prov-" + p.Id, p => p.Name);
        var watch = Stopwatch.StartNew();
        // Parents first: provinces and ministries, then regencies (8 at a time).
        foreach (var level in new[] { AgencyLevel.Province, AgencyLevel.Ministry, AgencyLevel.RegencyCity, AgencyLevel.Unit })
        {
            await Parallel.ForEachAsync(nodes.Where(n => n.Level == level), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (node, ct) =>
            {
                var name = names.TryGetValue(node.Id, out var n) ? "Pemerintah Provinsi " + n
                    : node.Level switch
                    {
                        AgencyLevel.Ministry => "Kementerian/Lembaga " + node.Id,
                        AgencyLevel.Unit => $"{Units[int.Parse(node.Id[^2..], CultureInfo.InvariantCulture) % Units.Length]} {node.Parent}",
                        _ => "Pemerintah Kabupaten/Kota " + node.Id,
                    };
                using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/agencies/{node.Id}")
                {
                    Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["name"] = name,
                        ["level"] = node.Level switch
                        {
                            AgencyLevel.Province => "province", AgencyLevel.Ministry => "ministry", AgencyLevel.Unit => "unit", _ => "regencyCity",
                        },
                        ["parentId"] = node.Parent,
                        ["zone"] = node.Zone.ToString().ToLowerInvariant(),
                    }), Encoding.UTF8, "application/json"),
                };
                put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.For(0).SendAsync(put, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ArgumentException($"PUT agency {node.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                }
            });
        }

        await File.WriteAllLinesAsync(o.Get("out"), nodes.Select(n => $"{n.Id}\t{n.Parent}\t{n.Level}\t{n.Zone}"));
        Console.WriteLine($"tree: {nodes.Count} agencies under nasional defined through the admin API in {watch.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>
    /// load --tree FILE --complaints N --gateway PORT --cluster ID --service ID [--clients 64] [--seed 15] --results FILE:
    /// a year of generated complaints (ending now) as the agency notices they produce, sent to the agency grains over an
    /// Orleans client in random order (facts of any date arrive late and out of order), then waits until every agency's
    /// roll-up changes reached the root.
    /// </summary>
    public static async Task<int> LoadAsync(Options o)
    {
        var tree = File.ReadAllLines(o.Get("tree")).Select(l => l.Split('\t'))
            .Select(f => new TreeNode(f[0], f[1].Length == 0 ? null : f[1], Enum.Parse<AgencyLevel>(f[2]), Enum.Parse<AgencyZone>(f[3]))).ToList();
        var complaints = o.Int("complaints");
        var now = DateTimeOffset.UtcNow;
        var notices = Generate(tree, complaints, now, new Random(o.Int("seed", 15)));
        var builder = Host.CreateApplicationBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lapor:Storage:Provider"] = o.Get("provider", "Sqlite"),
            ["Lapor:Storage:DataFolder"] = o.Get("data", Path.GetTempPath()),
            ["Lapor:Storage:ConnectionString"] = o.Get("connection", ""),
            ["Lapor:Cluster:GatewayPort"] = o.Get("gateway"),
            ["Lapor:Cluster:ClusterId"] = o.Get("cluster"),
            ["Lapor:Cluster:ServiceId"] = o.Get("service", "lapor"),
        });
        builder.UseOrleansClient(client => Lapor.Hosting.LaporClientExtensions.AddLaporClient(client, builder.Configuration));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var load = Machine.LoadAverage();
        var watch = Stopwatch.StartNew();
        var sent = 0L;
        await Parallel.ForEachAsync(notices, new ParallelOptions { MaxDegreeOfParallelism = o.Int("clients", 64) }, async (n, _) =>
        {
            await grains.GetGrain<IAgencyGrain>(n.AgencyId).Notify(n.Notice);
            if (Interlocked.Increment(ref sent) % 20000 == 0)
            {
                Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] load: {sent}/{notices.Count} notices");
            }
        });
        var notified = watch.Elapsed.TotalSeconds;
        // Every Notify returns once its agency's changes reached the root; this confirms nothing is left anywhere.
        var pending = 0;
        foreach (var node in tree)
        {
            pending += await grains.GetGrain<IAgencyGrain>(node.Id).GetMonevPending();
        }

        var facts = notices.Sum(n => n.Notice.Facts.Length);
        Console.WriteLine($"load: {complaints} complaints = {notices.Count} notices, {facts} facts in {notified:0.0} s " +
            $"({notices.Count / notified:0} notices/s, {facts / notified:0} facts/s); roll-up changes still pending: {pending}");
        new ResultRow("monev-load", "year", o.Int("clients", 64), notices.Count, pending, notified, notices.Count / notified, double.NaN, double.NaN,
            double.NaN, load, $"complaints={complaints} facts={facts} agencies={tree.Count + 1} pending_after={pending}").Append(o.Get("results"));
        await host.StopAsync();
        return pending == 0 ? 0 : 1;
    }

    private sealed record Sent(string AgencyId, ComplaintNotice Notice);

    /// <summary>Each complaint's life as the notices its agencies receive (one per agency, all its facts, its inbox line if still open).</summary>
    private static List<Sent> Generate(List<TreeNode> tree, int complaints, DateTimeOffset now, Random random)
    {
        var byId = tree.ToDictionary(n => n.Id);
        var regencies = tree.Where(n => n.Level == AgencyLevel.RegencyCity).ToArray();
        var ministries = tree.Where(n => n.Level == AgencyLevel.Ministry).ToArray();
        var start = now.AddDays(-365);
        var result = new List<Sent>(complaints * 2);
        double Exp(double mean) => -Math.Log(1 - random.NextDouble()) * mean;
        for (var i = 0; i < complaints; i++)
        {
            var id = $"LPR-B{i:D9}";
            var submitted = start.AddMinutes(random.Next(365 * 24 * 60));
            var roll = random.NextDouble();
            var assignee = roll < 0.75 ? regencies[random.Next(regencies.Length)] : ministries[random.Next(ministries.Length)];
            var verifier = random.NextDouble() < 0.7 ? assignee.Id : AgencyIds.National;
            var facts = new Dictionary<string, List<MonevFact>>(StringComparer.Ordinal);
            void Add(string agency, MonevFact fact)
            {
                if (fact.At <= now)
                {
                    (facts.TryGetValue(agency, out var list) ? list : facts[agency] = []).Add(fact);
                }
            }

            AgencyZone Zone(string agency) => byId.TryGetValue(agency, out var n) ? n.Zone : AgencyZone.Wib;
            var received = new MonevFact(MonevFactKind.Received, submitted, Zone(verifier))
            {
                Channel = (Channel)random.Next(6),
                Category = Categories[random.Next(Categories.Length)],
                ReportKind = (ReportKind)random.Next(3),
            };
            Add(verifier, received);
            var routed = submitted.AddMinutes(30 + Exp(24 * 60));
            Add(verifier, new MonevFact(MonevFactKind.Routed, routed, Zone(verifier)) { WithinSla = random.NextDouble() < 0.85 });
            var zone = assignee.Zone;
            if (verifier != assignee.Id)
            {
                Add(assignee.Id, received with { At = routed, Zone = zone });
            }

            Add(assignee.Id, new MonevFact(MonevFactKind.Assigned, routed, zone));
            if (random.NextDouble() < 0.10)
            {
                var breach = routed.AddDays(7);
                Add(assignee.Id, new MonevFact(MonevFactKind.Breach, breach, zone) { Step = DeadlineStep.FirstResponse });
                Add(assignee.Parent!, new MonevFact(MonevFactKind.Escalation, breach, Zone(assignee.Parent!)) { Step = DeadlineStep.FirstResponse });
            }

            var response = routed.AddMinutes(1 + Exp(18 * 60));
            var elapsed = (int)(response - routed).TotalMinutes;
            Add(assignee.Id, new MonevFact(MonevFactKind.FirstResponse, response, zone)
            {
                Since = routed,
                ElapsedMinutes = elapsed,
                WorkingMinutes = (int)(elapsed * 0.35),
                WithinSla = random.NextDouble() < 0.8,
            });
            var resolved = response.AddMinutes(1 + Exp(40 * 60));
            elapsed = (int)(resolved - routed).TotalMinutes;
            Add(assignee.Id, new MonevFact(MonevFactKind.Resolved, resolved, zone)
            {
                Since = routed,
                ElapsedMinutes = elapsed,
                WorkingMinutes = (int)(elapsed * 0.35),
                WithinSla = random.NextDouble() < 0.75,
            });
            var closed = resolved.AddDays(1 + random.Next(14));
            Add(assignee.Id, new MonevFact(MonevFactKind.Closed, closed, zone));
            if (random.NextDouble() < 0.6)
            {
                Add(assignee.Id, new MonevFact(MonevFactKind.Rated, closed.AddHours(random.Next(72)), zone) { Score = 1 + random.Next(5) });
            }

            if (random.NextDouble() < 0.04)
            {
                Add(assignee.Id, new MonevFact(MonevFactKind.Reopened, closed.AddDays(1), zone));
            }

            var open = closed > now;
            foreach (var (agency, list) in facts)
            {
                var item = open && agency == assignee.Id
                    ? new InboxItem(id, ComplaintStatus.InProgress, InboxRole.Primary, "Laporan " + id, received.Category!, DeadlineStep.Resolution, null,
                        false, submitted, now, 0)
                    : null;
                var counters = new AgencyCounters(list.Count(f => f.Kind == MonevFactKind.Received), list.Count(f => f.Kind == MonevFactKind.FirstResponse),
                    list.Count(f => f.Kind == MonevFactKind.Resolved), list.Count(f => f.Kind == MonevFactKind.Breach),
                    list.Count(f => f.Kind == MonevFactKind.Escalation));
                result.Add(new Sent(agency, new ComplaintNotice(id, 1, item, counters, null) { Facts = [.. list] }));
            }
        }

        // Arrival order is random: late and out-of-order facts are the normal case, not an exception.
        return [.. result.OrderBy(_ => random.Next())];
    }

    private sealed record View(string Label, string Path, bool Anonymous = false);

    /// <summary>
    /// views --urls U --clients C --seconds S --province P --agency A --results FILE: every monev view of issue 15, then
    /// <c>/health/live</c>, at the same concurrency, one after the other.
    /// </summary>
    public static async Task<int> ViewsAsync(Options o)
    {
        var clients = o.Int("clients");
        using var http = new Http(o.Urls(), clients);
        var token = await TokenAsync(http, "admin.nasional");
        var today = IndonesianZones.LocalDate(DateTimeOffset.UtcNow, AgencyZone.Wib);
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var first = today.AddMonths(-11).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var province = o.Get("province", "prov-jatim");
        var agency = o.Get("agency", "kab-jatim-01");
        View[] views =
        [
            new("national-month", $"/api/monev/national?period=month&from={month}&to={month}"),
            new("national-12-months", $"/api/monev/national?period=month&from={first}&to={month}"),
            new("national-year", $"/api/monev/national?period=year&from={today.Year}&to={today.Year}"),
            new("national-children", $"/api/monev/agencies/nasional/children?from={first}&to={month}"),
            new("national-csv-12-months", $"/api/monev/agencies/nasional/export.csv?period=month&from={first}&to={month}"),
            new("public-national-month", $"/api/public/monev/agencies/nasional?period=month&from={month}&to={month}", Anonymous: true),
            new("province-month", $"/api/monev/agencies/{province}?period=month&from={month}&to={month}"),
            new("agency-own-12-months", $"/api/monev/agencies/{agency}?scope=own&period=month&from={first}&to={month}"),
        ];
        var only = o.Get("only", "");
        foreach (var view in views.Where(v => only.Length == 0 || only.Split(',').Contains(v.Label)))
        {
            // A few calls first so each view is measured warm (JIT, grain activations, caches of the database).
            for (var i = 0; i < 20; i++)
            {
                using var warm = Get(view, token);
                using var response = await http.For(i).SendAsync(warm);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new ArgumentException($"{view.Path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            var load = Machine.LoadAverage();
            var result = await LoadRunner.RunAsync(clients, TimeSpan.FromSeconds(o.Double("seconds")), o.Int("max", int.MaxValue), async (n, ct) =>
            {
                using var request = Get(view, token);
                using var response = await http.For(n).SendAsync(request, ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                return response.StatusCode == HttpStatusCode.OK;
            });
            new ResultRow("monev", view.Label + o.Get("suffix", ""), clients, result.Ok, result.Errors, result.Elapsed.TotalSeconds, result.Rate, result.PercentileMs(50),
                result.PercentileMs(99), result.PercentileMs(100), load, view.Path).Append(o.Get("results"));
        }

        return 0;
    }

    private static HttpRequestMessage Get(View view, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, view.Path);
        if (!view.Anonymous)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>
    /// sqlite-insert --db FILE --clients C --seconds S --synchronous NORMAL|FULL --label L --results FILE: SQLite's own rate
    /// for what intake does at its simplest, one ~1 KB row per transaction (BEGIN IMMEDIATE, INSERT, COMMIT), each
    /// client on its own connection, in WAL mode and the given synchronous setting, waiting on the lock with
    /// busy_timeout (never Microsoft.Data.Sqlite's 150 ms retry sleep).
    /// </summary>
    public static async Task<int> SqliteInsertAsync(Options o)
    {
        var clients = o.Int("clients");
        var synchronous = o.Get("synchronous", "FULL");
        var file = o.Get("db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await Execute(setup, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS bench_insert (id INTEGER PRIMARY KEY, code TEXT NOT NULL, payload TEXT NOT NULL, created_ms INTEGER NOT NULL)");
        }

        var connections = new ConcurrentBag<SqliteConnection>();
        var local = new ThreadLocal<SqliteConnection>(() =>
        {
            var c = new SqliteConnection(connectionString);
            c.Open();
            using var pragma = c.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;";
            pragma.ExecuteNonQuery();
            connections.Add(c);
            return c;
        }, trackAllValues: false);
        var load = Machine.LoadAverage();
        // Synchronous calls on dedicated threads: SQLite blocks, there is nothing to await.
        var result = await LoadRunner.RunAsync(clients, TimeSpan.FromSeconds(o.Double("seconds")), o.Int("max", int.MaxValue), (n, _) =>
        {
            var connection = local.Value!;
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO bench_insert (code, payload, created_ms) VALUES ($c, $p, $t)";
            insert.Parameters.AddWithValue("$c", n.ToString("x16", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$p", Convert.ToHexString(Guid.NewGuid().ToByteArray()).PadRight(1000, 'x'));
            insert.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(true);
        });
        foreach (var c in connections)
        {
            await c.DisposeAsync();
        }

        local.Dispose();
        new ResultRow("sqlite-insert", o.Get("label"), clients, result.Ok, result.Errors, result.Elapsed.TotalSeconds, result.Rate, result.PercentileMs(50),
            result.PercentileMs(99), result.PercentileMs(100), load, $"journal_mode=WAL synchronous={synchronous} ~1 KB row per transaction").Append(o.Get("results"));
        return 0;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> TokenAsync(Http http, string user)
    {
        using var response = await http.For(0).PostAsync("/api/dev/token", new StringContent(
            $"{{\"username\":\"{user}\",\"password\":\"lapor-demo\"}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }
}

/// <summary>monev-profile --data DIR --agency nasional: where the time of one national read goes, without HTTP.</summary>
public static class MonevProfile
{
    public static async Task<int> RunAsync(Options o)
    {
        var storage = new Lapor.Hosting.Storage.LaporStorageOptions { Provider = Lapor.Hosting.Storage.LaporStorageProvider.Sqlite, DataFolder = o.Get("data") };
        await using var database = new Lapor.Hosting.Storage.Indexes.IndexDatabase(storage);
        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(MonevFigures).Assembly)).BuildServiceProvider()
            .GetRequiredService<Orleans.Serialization.Serializer>();
        var ledger = new Lapor.Hosting.Storage.Indexes.AdoNetAgencyLedger(database, serializer);
        var today = IndonesianZones.LocalDate(DateTimeOffset.UtcNow, AgencyZone.Wib);
        var query = new MonevQuery(MonevPeriod.Month, new DateOnly(today.Year, today.Month, 1).AddMonths(-11), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1));
        var plan = MonevRollup.Plan(query);
        var agency = o.Get("agency", "nasional");
        var rounds = o.Int("rounds", 200);
        double read = 0, group = 0, derive = 0, decode = 0;
        var distinct = 0;
        for (var i = 0; i < rounds; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var (months, days) = await ledger.ReadFiguresAsync(agency, MonevRollup.Subtree, plan);
            var t1 = Stopwatch.GetTimestamp();
            var buckets = MonevRollup.Group(months, days, query);
            var t15 = Stopwatch.GetTimestamp();
            foreach (var b in buckets)
            {
                b.Figures.Normalize();
            }

            decode += Stopwatch.GetElapsedTime(t15).TotalMilliseconds;
            var t2 = Stopwatch.GetTimestamp();
            var total = new MonevFigures();
            foreach (var b in buckets)
            {
                total.Merge(b.Figures);
            }

            foreach (var f in buckets.Select(b => b.Figures).Append(total))
            {
                foreach (var h in new[] { f.FirstResponseMinutes, f.FirstResponseWorkingMinutes, f.ResolutionMinutes, f.ResolutionWorkingMinutes })
                {
                    _ = h.Mean;
                    _ = h.Percentile(0.5);
                    _ = h.Percentile(0.9);
                }
            }

            var t3 = Stopwatch.GetTimestamp();
            read += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            group += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            derive += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
            distinct = total.FirstResponseMinutes.Distinct + total.FirstResponseWorkingMinutes.Distinct + total.ResolutionMinutes.Distinct + total.ResolutionWorkingMinutes.Distinct;
        }

        var (m2, d2) = await ledger.ReadFiguresAsync(agency, MonevRollup.Subtree, plan);
        var warm = MonevRollup.Group(m2, d2, query);
        foreach (var b in warm)
        {
            b.Figures.Normalize();
        }

        var t = Stopwatch.GetTimestamp();
        for (var i = 0; i < rounds; i++)
        {
            var total = new MonevFigures();
            foreach (var b in warm)
            {
                total.Merge(b.Figures);
            }

            foreach (var f in warm.Select(b => b.Figures).Append(total))
            {
                foreach (var h in new[] { f.FirstResponseMinutes, f.FirstResponseWorkingMinutes, f.ResolutionMinutes, f.ResolutionWorkingMinutes })
                {
                    _ = h.Percentile(0.5);
                    _ = h.Percentile(0.9);
                }
            }
        }

        Console.WriteLine($"on normalized (cached) buckets: total+percentiles {Stopwatch.GetElapsedTime(t).TotalMilliseconds / rounds:0.000} ms");
        t = Stopwatch.GetTimestamp();
        for (var i = 0; i < rounds; i++)
        {
            var total = new MonevFigures();
            foreach (var b in warm)
            {
                total.Merge(b.Figures);
            }

            total.Normalize();
        }

        Console.WriteLine($"  of which total merges {Stopwatch.GetElapsedTime(t).TotalMilliseconds / rounds:0.000} ms");
        Console.WriteLine($"{agency} 12 months: read+deserialize {read / rounds:0.000} ms, group {group / rounds:0.000} ms, decode {decode / rounds:0.000} ms (in group), total+percentiles {derive / rounds:0.000} ms; distinct minute values in the year's 4 histograms: {distinct}");
        return 0;
    }
}
