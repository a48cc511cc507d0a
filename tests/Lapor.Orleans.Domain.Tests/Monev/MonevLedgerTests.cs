using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Domain.Tests.Monev;

public sealed class MonevLedgerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 4, 6, 2, 0, 0, TimeSpan.Zero);

    private static MonevFact Received(DateTimeOffset at) => new(MonevFactKind.Received, at, AgencyZone.Wib) { Channel = Channel.Web, Category = "x" };

    private static LedgerEntry Entry(string complaint, int version, params MonevFact[] facts) =>
        new(complaint, version, [.. facts], new AgencyCounters(facts.Count(f => f.Kind == MonevFactKind.Received), 0, 0, 0, 0), null);

    [Fact]
    public void A_plan_copies_the_touched_days_and_leaves_the_cache_alone_until_accepted()
    {
        var ledger = new MonevLedger();
        var day = MonevFacts.Day(Received(Monday)).DayNumber;
        var stored = new MonevFigures { Received = 5 };
        ledger.Load(day, 3, stored);

        var plan = ledger.Plan([Entry("a", 1, Received(Monday)), Entry("b", 1, Received(Monday.AddDays(1)))]);

        Assert.Equal(5, stored.Received);
        var today = Assert.Single(plan.Days, d => d.Day == day);
        Assert.Equal((3L, 6L), (today.ExpectedRevision, today.Figures.Received));
        Assert.Equal(0, Assert.Single(plan.Days, d => d.Day == day + 1).ExpectedRevision);
        Assert.Equal(2, plan.Counters.Received);
        Assert.Equal([day + 1], ledger.MissingDays([Entry("c", 1, Received(Monday.AddDays(1)))]));

        ledger.Accept(plan);
        Assert.Equal(4, Assert.Single(ledger.Plan([Entry("c", 1, Received(Monday))]).Days).ExpectedRevision);
    }

    [Fact]
    public void A_rebuild_counts_journals_and_replays_only_newer_notices_counted_meanwhile()
    {
        var ledger = new MonevLedger();
        ledger.BeginRebuild();
        ledger.Plan([Entry("a", 2, Received(Monday)), Entry("b", 1, Received(Monday))]);

        var journals = new[]
        {
            new MonevFactsAt("a", 2, [new MonevJournalEntry("kota", 1, Received(Monday)), new MonevJournalEntry("other", 1, Received(Monday))]),
        };
        var rebuilt = ledger.CompleteRebuild("kota", journals);

        // a's journal (version 2) already holds what was counted for a; b was not in the journals and is replayed.
        Assert.Equal(2, Assert.Single(rebuilt.Days).Value.Received);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }, rebuilt.Versions);
        Assert.False(ledger.Rebuilding);
    }

    [Fact]
    public void Notices_with_nothing_to_count_are_empty() =>
        Assert.True(new LedgerEntry("a", 1, [], AgencyCounters.Zero, null).IsEmpty);
}
