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
    public void A_rebuild_counts_journals_and_replays_only_newer_notices_counted_meanwhile()
    {
        var ledger = new MonevLedger();
        ledger.BeginRebuild();
        ledger.Counted([Entry("a", 2, Received(Monday)), Entry("b", 1, Received(Monday))]);

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
    public void Notices_counted_before_a_rebuild_began_are_not_replayed_onto_it()
    {
        var ledger = new MonevLedger();
        ledger.Counted([Entry("a", 1, Received(Monday))]);
        ledger.BeginRebuild();

        var rebuilt = ledger.CompleteRebuild("kota", []);

        Assert.Empty(rebuilt.Days);
        Assert.Empty(rebuilt.Versions);
    }

    [Fact]
    public void A_forgotten_rebuild_is_no_longer_in_progress_and_keeps_nothing_counted_meanwhile()
    {
        var ledger = new MonevLedger();
        ledger.BeginRebuild();
        ledger.Counted([Entry("a", 1, Received(Monday))]);

        ledger.Forget();

        Assert.False(ledger.Rebuilding);
        Assert.Empty(ledger.CompleteRebuild("kota", []).Days);
    }

    [Fact]
    public void A_notice_carries_its_inbox_line_as_the_hour_of_submission_even_without_facts()
    {
        var submitted = new DateTimeOffset(2026, 4, 6, 2, 30, 0, TimeSpan.Zero);
        var item = new InboxItem("a", ComplaintStatus.InProgress, InboxRole.Primary, "t", "x", null, null, false, submitted, submitted.AddDays(2));

        var arrived = LedgerEntry.From(new ComplaintNotice("a", 3, item, AgencyCounters.Zero, null));
        var left = LedgerEntry.From(new ComplaintNotice("a", 4, null, AgencyCounters.Zero, null));

        Assert.True(arrived.Facts.IsEmpty);
        Assert.Equal(MonevRollup.Hour(submitted), arrived.ActiveHour);
        Assert.Equal(493_178, arrived.ActiveHour); // 2026-04-06 02:00 UTC, in hours since 1970
        Assert.Null(left.ActiveHour);
    }
}
