using System.Collections.Immutable;
using System.Diagnostics;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Monev;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Lapor.Grains.Tests.Monev;

/// <summary>
/// The roll-up at national shape (docs/monev.md, "Roll-up"): provinces in the three zones with their regencies and cities
/// (some with a unit), and ministries, under the national root; a year of complaints driven through the real grains;
/// then a rebuild, regions that split and merge (agencies moving between parents with their history), a period that
/// closes, and late, out-of-order and repeated facts. After each step every agency's own and subtree figures, every
/// month and the whole range, equal a brute-force recount over the current tree; the backlog equals a recount of the
/// inbox index.
/// </summary>
[Collection(MonevCollection.Name)]
public sealed class MonevNationalTests(MonevClusterFixture fixture, ITestOutputHelper output) : EngineTestBase(fixture)
{
    /// <summary>LAPOR_MONEV_NATIONAL=full: 38 provinces, 514 regencies and cities, 150 ministries; otherwise a small national shape.</summary>
    private static readonly bool Full = Environment.GetEnvironmentVariable("LAPOR_MONEV_NATIONAL") == "full";

    /// <summary>Complaints in the generated year (LAPOR_MONEV_NATIONAL_COMPLAINTS; default 160, or 3,000 at full shape).</summary>
    private static readonly int ComplaintCount =
        int.TryParse(Environment.GetEnvironmentVariable("LAPOR_MONEV_NATIONAL_COMPLAINTS"), out var n) && n > 0 ? n : Full ? 3_000 : 160;

    private static readonly TimeSpan Slot = TimeSpan.FromHours(6);

    private enum Step { Submit, Route, ToUnit, FollowUp, Resolve, Confirm, Tick, Rate }

    private sealed record Ev(DateTimeOffset At, int Complaint, Step Step, string Agency = "", string Other = "", int Value = 0);

    private sealed record Place(string Id, string? Parent, AgencyLevel Level, AgencyZone Zone);

    [Fact]
    public async Task A_national_shape_year_rolls_up_exactly_through_a_rebuild_moves_a_closed_period_and_late_facts()
    {
        var watch = Stopwatch.StartNew();
        var sfx = NewSuffix()[..5];
        var places = Shape(sfx);
        foreach (var place in places)
        {
            Assert.Null(await Agency(place.Id).Define(new AgencyProfile(place.Id, "Instansi " + place.Id, place.Level, place.Parent, place.Zone, new SlaPolicy())));
        }

        var regencies = places.Where(p => p.Level == AgencyLevel.RegencyCity).ToArray();
        var ministries = places.Where(p => p.Level == AgencyLevel.Ministry).ToArray();
        var units = places.Where(p => p.Level == AgencyLevel.Unit).ToDictionary(p => p.Parent!, p => p.Id);
        var ids = Enumerable.Range(0, ComplaintCount).Select(i => $"LPR-N{sfx.ToUpperInvariant()}{i:D4}").ToArray();
        foreach (var id in ids)
        {
            fixture.Complaints.Add(id);
        }

        var start = Now;
        var events = Generate(new Random(15), start, regencies, ministries, units);
        var slots = events.GroupBy(e => e.At).OrderBy(g => g.Key).ToList();
        var failures = 0;
        var backlogChecked = false;
        foreach (var slot in slots)
        {
            Clock.SetUtcNow(slot.Key);
            var results = await Task.WhenAll(slot.GroupBy(e => e.Complaint).Select(async byComplaint =>
            {
                var failed = 0;
                foreach (var ev in byComplaint)
                {
                    failed += await RunAsync(ids[ev.Complaint], ev) ? 0 : 1;
                }

                return failed;
            }));
            failures += results.Sum();
            if (!backlogChecked && slot.Key > start.AddDays(180))
            {
                // Half way: many complaints open, at every age. Each backlog is a recount of the inbox index.
                await AssertBacklogsAsync(await TreeAsync());
                backlogChecked = true;
            }
        }

        output.WriteLine($"{places.Count} agencies, {ComplaintCount} complaints, {events.Count} events in {slots.Count} slots driven in {watch.Elapsed}; {failures} refused");
        Assert.True(failures <= ComplaintCount / 100, $"{failures} generated steps were refused");
        Assert.True(backlogChecked);

        // 1. The year: every agency, own and subtree, every month and the whole range.
        var tree = await TreeAsync();
        Assert.Equal(0, await PendingAsync(tree));
        var journal = await MonevCheck.JournalsAsync(Grains, fixture.Complaints);
        var from = DateOnly.FromDateTime(start.UtcDateTime).AddDays(-1);
        var to = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1);
        await MonevCheck.AssertAllAsync(Grains, tree, journal, from, to);
        await AssertBacklogsAsync(tree);
        output.WriteLine($"year checked at {watch.Elapsed} ({journal.Count} facts)");

        // 2. A rebuild of a regency, a province and the root changes nothing anywhere.
        foreach (var agency in new[] { regencies[0].Id, regencies[0].Parent!, AgencyIds.National })
        {
            Assert.True((await Grains.GetGrain<IMonevRebuildGrain>(agency).Run()).Switched);
        }

        await MonevCheck.AssertAllAsync(Grains, tree, journal, from, to);
        output.WriteLine($"rebuild checked at {watch.Elapsed}");

        // 3. Regions split and merge. Split: a new province takes a regency with a unit (two levels) and one without.
        // Merge: the second province's regencies all join the third. History moves with each agency.
        var provinces = places.Where(p => p.Level == AgencyLevel.Province).ToArray();
        var split = new Place($"pn-{sfx}", AgencyIds.National, AgencyLevel.Province, AgencyZone.Wita);
        Assert.Null(await Agency(split.Id).Define(new AgencyProfile(split.Id, "Provinsi pemekaran", split.Level, split.Parent, split.Zone, new SlaPolicy())));
        var month = new MonevQuery(MonevPeriod.Month, from, to);
        var before = await SubtreeReceivedAsync(provinces[0].Id, month);
        var moving = new[] { regencies.First(r => r.Parent == provinces[0].Id && units.ContainsKey(r.Id)), regencies.Last(r => r.Parent == provinces[0].Id) };
        var movedOwn = new Dictionary<string, long>();
        foreach (var regency in moving)
        {
            foreach (var (key, received) in await SubtreeReceivedAsync(regency.Id, month))
            {
                movedOwn[key] = movedOwn.GetValueOrDefault(key) + received;
            }

            await MoveAsync(regency, split.Id);
        }

        foreach (var regency in regencies.Where(r => r.Parent == provinces[1].Id))
        {
            await MoveAsync(regency, provinces[2].Id);
        }

        tree = await TreeAsync();
        Assert.Equal(0, await PendingAsync(tree));
        var after = await SubtreeReceivedAsync(provinces[0].Id, month);
        Assert.Contains(before, b => movedOwn.GetValueOrDefault(b.Key) > 0);
        Assert.All(before, b => Assert.Equal(b.Value - movedOwn.GetValueOrDefault(b.Key), after[b.Key]));
        Assert.Equal(movedOwn.Where(m => m.Value > 0), (await SubtreeReceivedAsync(split.Id, month)).Where(m => m.Value > 0));
        await MonevCheck.AssertAllAsync(Grains, tree, journal, from, to);
        output.WriteLine($"moves checked at {watch.Elapsed}");

        // 4. The period closes (the clock moves into the next month) and facts of closed months arrive late, out of
        // order and some twice, at agencies of every level and zone; then the same notices again.
        await AdvanceToAsync(new DateTimeOffset(Now.Year, Now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1).AddHours(3), TimeSpan.FromDays(1));
        var late = LateNotices(new Random(16), sfx, [.. tree.Keys], start, Now);
        foreach (var batch in late.Chunk(64))
        {
            await Task.WhenAll(batch.Select(n => Agency(n.AgencyId).Notify(n.Notice)));
        }

        await Task.WhenAll(late.Take(late.Count / 3).Select(n => Agency(n.AgencyId).Notify(n.Notice)));
        var withLate = journal.Concat(late.DistinctBy(n => (n.AgencyId, n.Notice.ComplaintId))
            .SelectMany(n => n.Notice.Facts.Select(f => new MonevJournalEntry(n.AgencyId, n.Notice.Version, f)))).ToList();
        to = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1);
        Assert.Equal(0, await PendingAsync(tree));
        await MonevCheck.AssertAllAsync(Grains, tree, withLate, from, to);
        await AssertBacklogsAsync(tree);
        output.WriteLine($"late facts checked at {watch.Elapsed}");

        // 5. Those notices belong to no complaint: a rebuild of every agency that counted them (from the complaints'
        // journals) takes them out again, and the corrections roll up like any change. (Also leaves the shared cluster
        // as the other monev tests expect it: every fact in a complaint's journal.)
        await Task.WhenAll(late.Select(n => n.AgencyId).Distinct().Select(async agency =>
            Assert.True((await Grains.GetGrain<IMonevRebuildGrain>(agency).Run()).Switched)));
        Assert.Equal(0, await PendingAsync(tree));
        await MonevCheck.AssertAllAsync(Grains, tree, journal, from, to);
        output.WriteLine($"rebuild after late facts checked at {watch.Elapsed}");
    }

    private async Task MoveAsync(Place regency, string parent)
    {
        var summary = await Agency(regency.Id).GetSummary();
        Assert.Equal(0, summary!.ActiveComplaints);
        Assert.Null(await Agency(regency.Id).Define(new AgencyProfile(regency.Id, "Instansi " + regency.Id, regency.Level, parent, regency.Zone, new SlaPolicy())));
    }

    private async Task<Dictionary<string, long>> SubtreeReceivedAsync(string agency, MonevQuery query) =>
        (await Agency(agency).GetMonev(query, subtree: true))!.Buckets.ToDictionary(b => b.Key, b => b.Figures.Received);

    private async Task<int> PendingAsync(IReadOnlyDictionary<string, string?> tree)
    {
        var pending = await Task.WhenAll(tree.Keys.Select(a => Agency(a).GetMonevPending()));
        return pending.Sum();
    }

    /// <summary>Every agency's own and subtree backlog equals a recount of the active lines in the inbox index.</summary>
    private async Task AssertBacklogsAsync(IReadOnlyDictionary<string, string?> tree)
    {
        var lines = new List<(string Agency, int Hour)>();
        await using (var connection = new SqliteConnection(Fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT agency_id, submitted_ms FROM lapor_inbox WHERE active = 1";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add((reader.GetString(0), MonevRollup.Hour(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))));
            }
        }

        var checkedLines = 0L;
        foreach (var agency in tree.Keys)
        {
            var zone = (await Agency(agency).GetRouting())!.Zone;
            var members = tree.Keys.Where(a => Ancestors(tree, a).Contains(agency)).ToHashSet();
            var query = new MonevQuery(MonevPeriod.Year, DateOnly.FromDateTime(Now.UtcDateTime), DateOnly.FromDateTime(Now.UtcDateTime));
            foreach (var subtree in new[] { false, true })
            {
                var counted = lines.Where(l => subtree ? members.Contains(l.Agency) : l.Agency == agency)
                    .GroupBy(l => l.Hour).Select(g => new KeyValuePair<int, long>(g.Key, g.LongCount()));
                var expected = MonevRollup.Backlog(counted, Now, zone);
                Assert.Equal(expected, (await Agency(agency).GetMonev(query, subtree))!.Backlog);
                checkedLines += expected.Total;
            }
        }

        Assert.True(lines.Count == 0 || checkedLines > 0);
    }

    private static IEnumerable<string> Ancestors(IReadOnlyDictionary<string, string?> tree, string id)
    {
        for (string? at = id; at is not null; at = tree.GetValueOrDefault(at))
        {
            yield return at;
        }
    }

    private async Task<Dictionary<string, string?>> TreeAsync()
    {
        var tree = new Dictionary<string, string?>();
        var queue = new Queue<(string Id, string? Parent)>([(AgencyIds.National, null)]);
        while (queue.TryDequeue(out var at))
        {
            tree[at.Id] = at.Parent;
            foreach (var child in (await Agency(at.Id).GetSummary())!.Children)
            {
                queue.Enqueue((child, at.Id));
            }
        }

        return tree;
    }

    /// <summary>Provinces in WIB, WITA and WIT with regencies (every third with a unit), and ministries, under the root.</summary>
    private static List<Place> Shape(string sfx)
    {
        var (provinces, regenciesEach, ministries) = Full ? (38, 0, 150) : (4, 3, 3);
        var places = new List<Place>();
        var regencyIndex = 0;
        for (var p = 0; p < provinces; p++)
        {
            var zone = (AgencyZone)(p % 3);
            var province = new Place($"p{p}-{sfx}", AgencyIds.National, AgencyLevel.Province, zone);
            places.Add(province);
            // At full shape 514 regencies and cities spread over the 38 provinces (13 or 14 each).
            var count = Full ? (514 / 38) + (p < 514 % 38 ? 1 : 0) : regenciesEach;
            for (var r = 0; r < count; r++, regencyIndex++)
            {
                var regency = new Place($"r{p}-{r}-{sfx}", province.Id, AgencyLevel.RegencyCity, zone);
                places.Add(regency);
                if (regencyIndex % 3 == 0)
                {
                    places.Add(new Place($"u{p}-{r}-{sfx}", regency.Id, AgencyLevel.Unit, zone));
                }
            }
        }

        for (var m = 0; m < ministries; m++)
        {
            places.Add(new Place($"m{m}-{sfx}", AgencyIds.National, AgencyLevel.Ministry, AgencyZone.Wib));
        }

        return places;
    }

    private async Task<bool> RunAsync(string id, Ev ev)
    {
        var complaint = Complaint(id);
        if (ev.Step == Step.Submit)
        {
            var report = MonevCheck.Report(new Random(ev.Value), ev.Agency.Length == 0 ? null : ev.Agency, id);
            return (await complaint.Submit(new SubmitComplaint(report, null, "req-" + id, new string('n', 64)))).Succeeded;
        }

        if (ev.Step == Step.Tick)
        {
            await complaint.AsReference<IRemindable>().ReceiveReminder("deadline", new TickStatus(Now.UtcDateTime, TimeSpan.FromMinutes(1), Now.UtcDateTime));
            return true;
        }

        var (action, actor) = ev.Step switch
        {
            Step.Route => ((ComplaintAction)new RouteAction(ev.Other, ResolutionClass.Light, null, null, null),
                ev.Agency == AgencyIds.National ? NationalAdmin : AdminOf(ev.Agency)),
            Step.ToUnit => (new RouteToUnitAction(ev.Other, null), AdminOf(ev.Agency)),
            Step.FollowUp => (new FollowUpAction("Sedang ditindaklanjuti."), OfficerOf(ev.Agency)),
            Step.Resolve => (new ResolveAction("Sudah diselesaikan."), OfficerOf(ev.Agency)),
            Step.Confirm => (new ConfirmAction(ev.Value == 0 ? null : ev.Value, null), Actor.Reporter),
            Step.Rate => (new RateAction(ev.Value, null), Actor.Reporter),
            _ => throw new InvalidOperationException(ev.Step.ToString()),
        };
        var result = await complaint.Execute(action, actor, null);
        return result.Succeeded;
    }

    /// <summary>
    /// Each complaint's life at hour resolution: submitted in working hours over a year to a regency or ministry (or to
    /// no one: the national root verifies and routes), routed, sometimes on to the regency's unit, followed up, resolved,
    /// then confirmed with or without a rating, or closed automatically and sometimes rated afterwards (a month later at
    /// times: a fact for the agency that arrives after its period).
    /// </summary>
    private static List<Ev> Generate(Random random, DateTimeOffset start, Place[] regencies, Place[] ministries, Dictionary<string, string> units)
    {
        var events = new List<Ev>();
        for (var i = 0; i < ComplaintCount; i++)
        {
            var t = start.AddDays(random.Next(365)).AddHours(random.Next(0, 9));
            var roll = random.NextDouble();
            var assignee = roll < 0.75 ? regencies[random.Next(regencies.Length)] : ministries[random.Next(ministries.Length)];
            var verifier = random.NextDouble() < 0.8 ? assignee.Id : AgencyIds.National;
            events.Add(new Ev(t, i, Step.Submit, verifier == AgencyIds.National ? "" : verifier, Value: random.Next()));
            t = t.AddHours(1 + random.Next(30));
            events.Add(new Ev(t, i, Step.Route, verifier, assignee.Id));
            var handler = assignee.Id;
            if (units.TryGetValue(assignee.Id, out var unit) && random.NextDouble() < 0.6)
            {
                t = t.AddHours(1);
                events.Add(new Ev(t, i, Step.ToUnit, assignee.Id, unit));
                handler = unit;
            }

            t = t.AddHours(1 + (int)Math.Min(120, -Math.Log(1 - random.NextDouble()) * 18));
            events.Add(new Ev(t, i, Step.FollowUp, handler));
            t = t.AddHours(1 + (int)Math.Min(300, -Math.Log(1 - random.NextDouble()) * 40));
            events.Add(new Ev(t, i, Step.Resolve, handler));
            if (random.NextDouble() < 0.55)
            {
                events.Add(new Ev(t.AddHours(1 + random.Next(48)), i, Step.Confirm, Value: random.NextDouble() < 0.8 ? 1 + random.Next(5) : 0));
            }
            else
            {
                events.Add(new Ev(t.AddDays(21), i, Step.Tick));
                if (random.NextDouble() < 0.5)
                {
                    events.Add(new Ev(t.AddDays(22 + random.Next(30)), i, Step.Rate, Value: 1 + random.Next(5)));
                }
            }
        }

        return [.. events.Select((e, order) => (Event: e with { At = start + (Slot * Math.Floor((e.At - start) / Slot)) }, Order: order))
            .OrderBy(e => e.Event.At).ThenBy(e => e.Order).Select(e => e.Event)];
    }

    private sealed record Late(string AgencyId, ComplaintNotice Notice);

    /// <summary>Notices of complaints that never reached these agencies before: facts dated anywhere in the past year, in random order.</summary>
    private static List<Late> LateNotices(Random random, string sfx, string[] agencies, DateTimeOffset from, DateTimeOffset until)
    {
        var notices = new List<Late>();
        for (var i = 0; i < 3 * agencies.Length; i++)
        {
            var agency = agencies[random.Next(agencies.Length)];
            var at = from + TimeSpan.FromMinutes(random.NextDouble() * (until - from).TotalMinutes);
            var zone = (AgencyZone)random.Next(3);
            var elapsed = random.Next(10_000);
            var facts = ImmutableArray.Create(
                new MonevFact(MonevFactKind.Received, at, zone) { Channel = (Channel)random.Next(6), Category = MonevCheck.Categories[random.Next(8)] },
                new MonevFact(MonevFactKind.FirstResponse, at.AddHours(5), zone) { Since = at, ElapsedMinutes = elapsed, WorkingMinutes = elapsed / 3, WithinSla = true },
                new MonevFact(MonevFactKind.Rated, at.AddDays(3), zone) { Score = 1 + random.Next(5) });
            notices.Add(new Late(agency, new ComplaintNotice($"LPR-L{sfx.ToUpperInvariant()}{i:D5}", 1, null, new AgencyCounters(1, 1, 0, 0, 0), null) { Facts = facts }));
        }

        return [.. notices.OrderBy(_ => random.Next())];
    }
}
