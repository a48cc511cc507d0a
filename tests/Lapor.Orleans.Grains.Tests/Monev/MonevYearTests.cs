using System.Diagnostics;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Monev;
using Xunit.Abstractions;

namespace Lapor.Grains.Tests.Monev;

/// <summary>
/// A generated year at Kota Malang's scale driven through the real grains; every indicator of every agency and
/// roll-up level equals a brute-force recomputation from the complaints' journals; a rebuild gives the same.
/// </summary>
[Collection(MonevCollection.Name)]
public sealed class MonevYearTests(MonevClusterFixture fixture, ITestOutputHelper output) : EngineTestBase(fixture)
{
    /// <summary>
    /// Kota Malang's yearly count is 3,265 (LAPOR_MONEV_COMPLAINTS=3265); the default keeps the suite fast on a
    /// shared machine. The year, the agencies and the mix of outcomes are the same at any count.
    /// </summary>
    private static readonly int ComplaintCount =
        int.TryParse(Environment.GetEnvironmentVariable("LAPOR_MONEV_COMPLAINTS"), out var n) && n > 0 ? n : 300;

    private static readonly TimeSpan Slot = TimeSpan.FromHours(6);

    private enum Step { Submit, Archive, Route, ToUnit, Bounce, Reroute, Tick, FollowUp, Resolve, Confirm, Rate, Reopen, Related }

    private sealed record Ev(DateTimeOffset At, int Complaint, Step Step, string Agency = "", int Value = 0);

    [Fact]
    public async Task A_generated_year_matches_brute_force_at_every_agency_and_level_and_a_rebuild_changes_nothing()
    {
        var watch = Stopwatch.StartNew();
        var suffix = NewSuffix()[..6];
        var province = "jatim-" + suffix;
        var city = "kota-malang-" + suffix;
        var units = MonevCheck.Units(suffix);
        await Define(new AgencyProfile(province, "Pemerintah Provinsi Jawa Timur", AgencyLevel.Province, AgencyIds.National, AgencyZone.Wib, new SlaPolicy()));
        await Define(new AgencyProfile(city, "Pemerintah Kota Malang", AgencyLevel.RegencyCity, province, AgencyZone.Wib, new SlaPolicy()));
        foreach (var unit in units)
        {
            await Define(new AgencyProfile(unit, "OPD " + unit, AgencyLevel.Unit, city, AgencyZone.Wib, new SlaPolicy()));
        }

        var start = Now;
        var events = Generate(new Random(20260406), start, city, units);
        var ids = Enumerable.Range(0, ComplaintCount).Select(i => $"LPR-M{suffix.ToUpperInvariant()}{i:D4}").ToArray();
        foreach (var id in ids)
        {
            fixture.Complaints.Add(id);
        }

        var failures = 0;
        var done = 0;
        var slots = events.GroupBy(e => e.At).OrderBy(g => g.Key).ToList();
        foreach (var slot in slots)
        {
            Clock.SetUtcNow(slot.Key);
            var results = await Task.WhenAll(slot.GroupBy(e => e.Complaint).Select(async byComplaint =>
            {
                var failed = 0;
                foreach (var ev in byComplaint)
                {
                    failed += await RunAsync(ids[ev.Complaint], ev, city) ? 0 : 1;
                }

                return failed;
            }));
            failures += results.Sum();
            if (++done % 500 == 0)
            {
                Console.WriteLine($"slot {done}/{slots.Count} at {watch.Elapsed}");
            }
        }

        output.WriteLine($"{events.Count} events in {slots.Count} slots driven in {watch.Elapsed}; {failures} refused");
        await QuietAsync();

        var tree = await TreeAsync();
        var journal = await MonevCheck.JournalsAsync(Grains, fixture.Complaints);
        output.WriteLine($"{journal.Count} facts read back at {watch.Elapsed}");
        var own = await MonevCheck.JournalsAsync(Grains, ids);
        Assert.Equal(ComplaintCount, own.Count(e => e.Fact.Kind == MonevFactKind.Received && e.Version == 1));
        Assert.True(failures < ComplaintCount / 100, $"{failures} generated steps were refused");
        foreach (var kind in Enum.GetValues<MonevFactKind>())
        {
            Assert.True(journal.Any(e => e.Fact.Kind == kind), $"the generated year has no {kind} fact");
        }

        var from = DateOnly.FromDateTime(start.UtcDateTime);
        var to = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1);
        await MonevCheck.AssertAllAsync(Grains, tree, journal, from, to);
        output.WriteLine($"incremental figures checked at {watch.Elapsed}");

        // A rebuild from the journals gives the very same figures, for a unit, the city and the national root.
        foreach (var agency in new[] { units[0], city, AgencyIds.National })
        {
            var before = await Agency(agency).GetMonev(new MonevQuery(MonevPeriod.Day, from, to), subtree: false);
            var result = await Grains.GetGrain<IMonevRebuildGrain>(agency).Run();
            Assert.True(result.Switched);
            var after = await Agency(agency).GetMonev(new MonevQuery(MonevPeriod.Day, from, to), subtree: false);
            Assert.Equal(before!.Buckets.Select(b => Indicators.From(b.Figures)), after!.Buckets.Select(b => Indicators.From(b.Figures)));
        }

        await MonevCheck.AssertAllAsync(Grains, tree, journal, from, to);
        output.WriteLine($"rebuild checked at {watch.Elapsed}");
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

    private async Task QuietAsync()
    {
        var quiet = 0;
        while (quiet < 20)
        {
            await Task.Delay(10);
            quiet = Fixture.Reminders.InFlight == 0 ? quiet + 1 : 0;
        }
    }

    private Task Define(AgencyProfile profile) => Agency(profile.Id).Define(profile).ContinueWith(t => Assert.Null(t.Result), TaskScheduler.Default);

    private async Task<bool> RunAsync(string id, Ev ev, string city)
    {
        var complaint = Complaint(id);
        if (ev.Step == Step.Submit)
        {
            var random = new Random(ev.Value);
            var report = MonevCheck.Report(random, ev.Agency.Length == 0 ? null : ev.Agency, id);
            var submitted = await complaint.Submit(new SubmitComplaint(report, null, "req-" + id, new string('b', 64)));
            return submitted.Succeeded;
        }

        if (ev.Step == Step.Tick)
        {
            await complaint.AsReference<IRemindable>().ReceiveReminder("deadline", new TickStatus(Now.UtcDateTime, TimeSpan.FromMinutes(1), Now.UtcDateTime));
            return true;
        }

        var (action, actor) = ev.Step switch
        {
            Step.Archive => ((ComplaintAction)new ArchiveAction("Laporan tidak jelas."), ev.Agency == AgencyIds.National ? NationalAdmin : AdminOf(ev.Agency)),
            Step.Route => (new RouteAction(city, (ResolutionClass)(ev.Value % 3), null, null, null), ev.Agency == AgencyIds.National ? NationalAdmin : AdminOf(ev.Agency)),
            Step.Reroute => (new RouteAction(city, ResolutionClass.Normative, null, null, null), NationalAdmin),
            Step.ToUnit => (new RouteToUnitAction(ev.Agency, null), AdminOf(city)),
            Step.Related => (new AddRelatedAgencyAction(ev.Agency, null), AdminOf(city)),
            Step.Bounce => (new NotOurAuthorityAction("Bukan wewenang unit ini."), AdminOf(ev.Agency)),
            Step.FollowUp => (new FollowUpAction("Sedang ditindaklanjuti."), OfficerOf(ev.Agency)),
            Step.Resolve => (new ResolveAction("Sudah diselesaikan."), OfficerOf(ev.Agency)),
            Step.Confirm => (new ConfirmAction(ev.Value == 0 ? null : ev.Value, null), Actor.Reporter),
            Step.Rate => (new RateAction(ev.Value, null), Actor.Reporter),
            Step.Reopen => (new ReopenAction("Belum tuntas."), Actor.Reporter),
            _ => throw new InvalidOperationException(ev.Step.ToString()),
        };
        var result = await complaint.Execute(action, actor, null);
        if (!result.Succeeded)
        {
            Console.WriteLine($"{id} {ev.Step} {ev.Agency}: {result.Rejection?.Message}");
        }

        return result.Succeeded;
    }

    /// <summary>
    /// Each complaint's life as a script of steps at whole hours (deterministic from the seed): submission in
    /// working hours over a year, verification (sometimes late, with a tick that breaches and escalates), routing
    /// to a unit, bounces re-routed by Admin Nasional, related units, first responses (some late), resolution,
    /// confirmation with or without a rating, ratings without confirmation, automatic closing, reopenings.
    /// </summary>
    private static List<Ev> Generate(Random random, DateTimeOffset start, string city, System.Collections.Immutable.ImmutableArray<string> units)
    {
        var events = new List<Ev>();
        for (var i = 0; i < ComplaintCount; i++)
        {
            var day = start.AddDays(random.Next(365));
            var t = day.AddHours(random.Next(0, 9)); // 09:00–17:00 WIB
            var verifier = random.NextDouble() < 0.85 ? city : AgencyIds.National;
            events.Add(new Ev(t, i, Step.Submit, verifier == AgencyIds.National ? "" : verifier, random.Next()));
            if (random.NextDouble() < 0.05)
            {
                events.Add(new Ev(t.AddHours(2), i, Step.Archive, verifier));
                continue;
            }

            if (random.NextDouble() < 0.06)
            {
                // Verification late: a tick after the 3 hk (escalation), then routing.
                t = t.AddDays(9);
                events.Add(new Ev(t, i, Step.Tick));
                t = t.AddHours(1);
            }
            else
            {
                t = t.AddHours(1 + random.Next(30));
            }

            events.Add(new Ev(t, i, Step.Route, verifier, random.Next(3)));
            var unit = units[random.Next(units.Length)];
            t = t.AddHours(1);
            events.Add(new Ev(t, i, Step.ToUnit, unit));
            if (random.NextDouble() < 0.06)
            {
                t = t.AddHours(2 + random.Next(20));
                events.Add(new Ev(t, i, Step.Bounce, unit));
                t = t.AddHours(3 + random.Next(30));
                events.Add(new Ev(t, i, Step.Reroute));
                unit = units[(units.IndexOf(unit) + 1) % units.Length];
                t = t.AddHours(1);
                events.Add(new Ev(t, i, Step.ToUnit, unit));
            }

            if (random.NextDouble() < 0.03)
            {
                var related = units[(units.IndexOf(unit) + 3) % units.Length];
                events.Add(new Ev(t.AddHours(1), i, Step.Related, related));
                events.Add(new Ev(t.AddHours(20), i, Step.FollowUp, related));
            }

            if (random.NextDouble() < 0.10)
            {
                // First response late: the tick breaches it at the unit and escalates to the city.
                t = t.AddDays(10);
                events.Add(new Ev(t, i, Step.Tick));
                t = t.AddHours(2);
            }
            else
            {
                t = t.AddHours(1 + (int)Math.Min(120, -Math.Log(1 - random.NextDouble()) * 18));
            }

            events.Add(new Ev(t, i, Step.FollowUp, unit));
            t = t.AddHours(1 + (int)Math.Min(300, -Math.Log(1 - random.NextDouble()) * 40));
            events.Add(new Ev(t, i, Step.Resolve, unit));
            var ending = random.NextDouble();
            if (ending < 0.55)
            {
                var score = random.NextDouble() < 0.8 ? 1 + random.Next(5) : 0;
                t = t.AddHours(1 + random.Next(48));
                events.Add(new Ev(t, i, Step.Confirm, Value: score));
                if (random.NextDouble() < 0.08)
                {
                    t = t.AddDays(2);
                    events.Add(new Ev(t, i, Step.Reopen));
                    t = t.AddHours(5 + random.Next(60));
                    events.Add(new Ev(t, i, Step.Resolve, unit));
                    t = t.AddHours(3);
                    events.Add(new Ev(t, i, Step.Confirm, Value: 1 + random.Next(5)));
                }
            }
            else
            {
                // No confirmation: the auto-close deadline (10 hk) has passed by then; some rate it afterwards.
                events.Add(new Ev(t.AddDays(21), i, Step.Tick));
                if (ending < 0.70)
                {
                    events.Add(new Ev(t.AddDays(22), i, Step.Rate, Value: 1 + random.Next(5)));
                }
            }
        }

        // Steps run in slots of a few hours (the clock is set once per slot, complaints run in parallel within it).
        return [.. events.Select((e, order) => (Event: e with { At = start + (Slot * Math.Floor((e.At - start) / Slot)) }, Order: order))
            .OrderBy(e => e.Event.At).ThenBy(e => e.Order).Select(e => e.Event)];
    }
}
