using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage;
using Lapor.Hosting.Storage.Indexes;

namespace Lapor.Storage.Tests.Indexes;

/// <summary>
/// The rules every index store keeps, whatever the database: a line or a count is applied at most once per complaint
/// version, never overwritten by an older one, and pages continue exactly where they stopped. Run against SQLite and
/// PostgreSQL by the two classes below.
/// </summary>
public abstract class IndexContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);

    private IndexDatabase? _database;

    protected AdoNetInboxIndex Inbox { get; private set; } = null!;

    protected AdoNetAgencyLedger Ledger { get; private set; } = null!;

    protected AdoNetPublicIndex Public { get; private set; } = null!;

    protected AdoNetAgencyIndex Agencies { get; private set; } = null!;

    protected abstract Task<LaporStorageOptions> CreateStorageAsync();

    private LaporStorageOptions _options = null!;

    public async Task InitializeAsync()
    {
        var options = _options = await CreateStorageAsync();
        await SchemaInstaller.ApplyAsync(options);
        _database = new IndexDatabase(options);
        Inbox = new AdoNetInboxIndex(_database);
        Public = new AdoNetPublicIndex(_database);
        Agencies = new AdoNetAgencyIndex(_database);
        Ledger = InboxLines.LedgerOf(_database);
    }

    public virtual async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected static InboxItem Item(string id, ComplaintStatus status = ComplaintStatus.Routed, int dueInHours = 24, int warned = 0,
        string region = "35.73", ReportKind kind = ReportKind.Complaint, int submittedHoursAgo = 1) =>
        new(id, status, InboxRole.Primary, "Judul " + id, "Perhubungan", DeadlineStep.Resolution, Now.AddHours(dueInHours), false,
            Now.AddHours(-submittedHoursAgo), Now, warned)
        { Kind = kind, Channel = Channel.Web, RegionCode = region };

    protected async Task An_older_or_repeated_line_never_overwrites_a_newer_one()
    {
        await Ledger.StoreLinesAsync("c1", [new InboxLine("a", 2, Item("c1", ComplaintStatus.InProgress))]);
        await Ledger.StoreLinesAsync("c1", [new InboxLine("a", 1, Item("c1", ComplaintStatus.Routed))]);
        await Ledger.StoreLinesAsync("c1", [new InboxLine("a", 2, Item("c1", ComplaintStatus.Routed))]);

        var page = await Inbox.PageAsync("a", new InboxQuery(), Now);
        Assert.Equal(ComplaintStatus.InProgress, Assert.Single(page.Items).Status);
    }

    protected async Task A_departure_is_not_undone_by_a_late_earlier_line()
    {
        await Ledger.StoreLinesAsync("c1", [new InboxLine("a", 3, null)]);
        await Ledger.StoreLinesAsync("c1", [new InboxLine("a", 2, Item("c1"))]);

        Assert.Equal(0, (await Inbox.PageAsync("a", new InboxQuery(), Now)).Total);
        await Ledger.StoreLinesAsync("c1", [new InboxLine("a", 4, Item("c1", ComplaintStatus.Resolved))]);
        Assert.Equal(ComplaintStatus.Resolved, Assert.Single((await Inbox.PageAsync("a", new InboxQuery(), Now)).Items).Status);
    }

    protected async Task The_lines_of_one_notice_round_are_stored_together_with_their_counts()
    {
        await Ledger.StoreLinesAsync("m1", [new InboxLine("a", 1, Item("m1")), new InboxLine("b", 1, Item("m1"))]);
        await Ledger.StoreLinesAsync("m1",
            [new InboxLine("a", 2, null), new InboxLine("b", 2, Item("m1", ComplaintStatus.InProgress)), new InboxLine("c", 2, Item("m1"))]);

        Assert.Equal(0, await Inbox.CountActiveAsync("a"));
        Assert.Equal(1, await Inbox.CountActiveAsync("b"));
        Assert.Equal(1, await Inbox.CountActiveAsync("c"));
        Assert.Equal(ComplaintStatus.InProgress, Assert.Single((await Inbox.PageAsync("b", new InboxQuery(), Now)).Items).Status);
    }

    protected async Task Lines_stored_by_the_agency_ledger_converge_to_the_newest_version_whatever_the_batches()
    {
        // As the agency's book stores them: a batch of notices recorded for monev, then their lines, then writes held
        // with them, in one transaction. Every version twice, shuffled, cut into batches of seven.
        var random = new Random(20261201);
        var (deliveries, expected) = RedeliveredLines(random, "g", complaints: 30, versions: 5);

        // A rebuild counted one complaint's version 9 for monev before its line arrived: the line still lands.
        await Ledger.TransactAsync("a", tx => tx.RaiseMonevVersionAsync("rebuilt", 9));
        deliveries.Add(("rebuilt", 9, Item("rebuilt", ComplaintStatus.InProgress)));
        expected["rebuilt"] = true;

        foreach (var batch in deliveries.OrderBy(_ => random.Next()).Chunk(7))
        {
            await Ledger.TransactAsync("a", async tx =>
            {
                await tx.RecordNoticesAsync([.. batch.DistinctBy(d => d.Id).Select(d => new NoticeToRecord(d.Id, d.Version, null))]);
                await tx.StoreInboxLinesAsync(batch);
                await tx.AddTotalsAsync(new AgencyCounters(1, 0, 0, 0, 0), []);
                return true;
            });
        }

        var page = await AssertInboxHoldsAsync(expected);
        Assert.Equal(ComplaintStatus.InProgress, page.Items.Single(i => i.ComplaintId == "rebuilt").Status);
    }

    /// <summary>
    /// Each complaint's lines at versions 1..n (n at random up to <paramref name="versions"/>) alternate between held and
    /// departed; every version is there twice, as redelivery after a crash would send it. Returns the deliveries and
    /// whether each complaint's newest version holds it in agency "a"'s inbox.
    /// </summary>
    private static (List<(string Id, int Version, InboxItem? Item)> Deliveries, Dictionary<string, bool> Expected) RedeliveredLines(
        Random random, string prefix, int complaints, int versions)
    {
        var deliveries = new List<(string Id, int Version, InboxItem? Item)>();
        var expected = new Dictionary<string, bool>();
        for (var c = 0; c < complaints; c++)
        {
            var id = $"{prefix}{c:D2}";
            var last = random.Next(1, versions + 1);
            for (var v = 1; v <= last; v++)
            {
                var held = (v + c) % 3 != 0;
                deliveries.Add((id, v, held ? Item(id) : null));
                deliveries.Add((id, v, held ? Item(id) : null));
                expected[id] = held;
            }
        }

        return (deliveries, expected);
    }

    /// <summary>Agency "a"'s kept count and first page hold exactly the complaints whose newest line holds them.</summary>
    private async Task<InboxPage> AssertInboxHoldsAsync(Dictionary<string, bool> expected)
    {
        var active = expected.Count(e => e.Value);
        Assert.Equal(active, await Inbox.CountActiveAsync("a"));
        var page = await Inbox.PageAsync("a", new InboxQuery { PageSize = 100 }, Now);
        Assert.Equal(active, page.Total);
        Assert.Equal(expected.Where(e => e.Value).Select(e => e.Key).Order(), page.Items.Select(i => i.ComplaintId).Order());
        return page;
    }

    protected async Task Pages_continue_after_the_cursor_while_rows_are_inserted()
    {
        for (var i = 0; i < 120; i++)
        {
            await Ledger.StoreLinesAsync($"c{i:D3}", [new InboxLine("a", 1, Item($"c{i:D3}", dueInHours: 10 + i))]);
        }

        var seen = new List<string>();
        var totals = new List<int>();
        var query = new InboxQuery { PageSize = 50 };
        var first = await Inbox.PageAsync("a", query, Now);
        seen.AddRange(first.Items.Select(i => i.ComplaintId));
        // Inserted meanwhile: one more urgent than the cursor (belongs to a page already read), one due last.
        await Ledger.StoreLinesAsync("early", [new InboxLine("a", 1, Item("early", dueInHours: 1))]);
        await Ledger.StoreLinesAsync("late", [new InboxLine("a", 1, Item("late", dueInHours: 1000))]);
        for (var cursor = first.NextCursor; cursor is not null;)
        {
            var page = await Inbox.PageAsync("a", query with { After = InboxCursor.TryDecode(cursor) }, Now);
            seen.AddRange(page.Items.Select(i => i.ComplaintId));
            totals.Add(page.Total);
            cursor = page.NextCursor;
        }

        Assert.Equal([.. Enumerable.Range(0, 120).Select(i => $"c{i:D3}"), "late"], seen);
        Assert.Equal(120, first.Total);
        Assert.Equal([122, 122], totals);
    }

    protected async Task The_kept_count_equals_the_active_rows_after_repeated_reordered_and_departing_lines()
    {
        // Every version twice and in a shuffled order, as redelivery after a crash and out-of-order notices would.
        var random = new Random(20261130);
        var (deliveries, expected) = RedeliveredLines(random, "k", complaints: 40, versions: 6);
        foreach (var (id, version, item) in deliveries.OrderBy(_ => random.Next()))
        {
            await Ledger.StoreLinesAsync(id, [new InboxLine("a", version, item)]);
        }

        // What the newest version of each complaint says, whatever order the lines came in.
        await AssertInboxHoldsAsync(expected);
    }

    protected async Task The_public_list_keeps_the_newest_version_searches_titles_literally_and_pages_newest_first()
    {
        PublicSummary Summary(string id, string title, int hoursAgo, string category = "Perhubungan", ComplaintStatus status = ComplaintStatus.Routed) =>
            new(id, title, ReportKind.Complaint, category, status, StatusLabels.Label(status), "kota-malang", Now.AddHours(-hoursAgo), Now);
        for (var i = 0; i < 45; i++)
        {
            await Public.ApplyAsync($"p{i:D2}", 1, Summary($"p{i:D2}", $"Jalan rusak nomor {i}", hoursAgo: i));
        }

        await Public.ApplyAsync("odd", 2, Summary("odd", "Diskon 100%_ palsu", hoursAgo: 100, category: "Perdagangan", status: ComplaintStatus.Closed));
        await Public.ApplyAsync("odd", 1, Summary("odd", "versi lama", hoursAgo: 100));
        await Public.ApplyAsync("gone", 3, null);
        await Public.ApplyAsync("gone", 2, Summary("gone", "Jalan rusak lama", hoursAgo: 3));

        var seen = new List<string>();
        var query = new PublicQuery { PageSize = 20 };
        for (string? cursor = null; ;)
        {
            var page = await Public.PageAsync(query with { After = InboxCursor.TryDecode(cursor) });
            seen.AddRange(page.Items.Select(i => i.Id));
            if ((cursor = page.NextCursor) is null)
            {
                break;
            }
        }

        Assert.Equal([.. Enumerable.Range(0, 45).Select(i => $"p{i:D2}"), "odd"], seen);
        async Task<string[]> Ids(PublicQuery q) => [.. (await Public.PageAsync(q with { PageSize = 100 })).Items.Select(i => i.Id)];
        Assert.Equal(["odd"], await Ids(new PublicQuery { Text = "100%_" }));
        Assert.Empty(await Ids(new PublicQuery { Text = "no%r" })); // a wildcard would match "nomor"
        Assert.Equal(["p07"], await Ids(new PublicQuery { Text = "NOMOR 7", SubmittedTo = Now.AddHours(-5) }));
        Assert.Equal(["odd"], await Ids(new PublicQuery { Categories = ["Perdagangan"], Statuses = [ComplaintStatus.Closed] }));
        Assert.Empty(await Ids(new PublicQuery { AgencyId = "kota-batu" }));
        Assert.Equal("Diskon 100%_ palsu", (await Public.PageAsync(new PublicQuery { Text = "diskon" })).Items.Single().Title);
    }

    protected async Task Filters_combine_and_newest_first_pages_backwards_in_time()
    {
        await Ledger.StoreLinesAsync("overdue", [new InboxLine("a", 1, Item("overdue", dueInHours: -2, warned: 75, submittedHoursAgo: 50))]);
        await Ledger.StoreLinesAsync("warned", [new InboxLine("a", 1, Item("warned", warned: 50, submittedHoursAgo: 20))]);
        await Ledger.StoreLinesAsync("elsewhere", [new InboxLine("a", 1, Item("elsewhere", region: "31.71", kind: ReportKind.Aspiration, submittedHoursAgo: 5))]);
        await Ledger.StoreLinesAsync("held", [new InboxLine("a", 1, Item("held", ComplaintStatus.OnHold))]);

        async Task<string[]> Ids(InboxQuery q) => [.. (await Inbox.PageAsync("a", q, Now)).Items.Select(i => i.ComplaintId)];
        Assert.Equal(["overdue"], await Ids(new InboxQuery { Overdue = true }));
        Assert.Equal(["overdue", "warned"], await Ids(new InboxQuery { WarnedAtLeast = 50 }));
        Assert.Equal(["overdue"], await Ids(new InboxQuery { WarnedAtLeast = 75 }));
        Assert.Equal(["elsewhere"], await Ids(new InboxQuery { RegionPrefix = "31" }));
        Assert.Equal(["elsewhere"], await Ids(new InboxQuery { Kind = ReportKind.Aspiration }));
        Assert.Equal(["held"], await Ids(new InboxQuery { Status = ComplaintStatus.OnHold }));
        Assert.Equal(["warned", "elsewhere"], await Ids(new InboxQuery { SubmittedFrom = Now.AddHours(-30), SubmittedTo = Now.AddHours(-2), Sort = InboxSort.Oldest }));
        Assert.Equal(["held", "elsewhere", "warned", "overdue"], await Ids(new InboxQuery { Sort = InboxSort.Newest }));
    }

    protected async Task A_notice_counted_twice_counts_once_and_a_stale_row_write_fails()
    {
        var received = new MonevFact(MonevFactKind.Received, Now, AgencyZone.Wib) { Channel = Channel.Web, Category = "Perhubungan" };
        var day = MonevFacts.Day(received).DayNumber;
        var key = SumKey.OwnDay(day);
        async Task<bool> Count(string complaintId, int version, long revision) => await Ledger.TransactAsync("a", async tx =>
        {
            if (!await tx.RaiseMonevVersionAsync(complaintId, version))
            {
                return false;
            }

            var figures = (await tx.ReadSumsAsync([key])).TryGetValue(key, out var row) ? row.Figures : new MonevFigures();
            figures.Apply(received);
            await tx.WriteSumAsync(key, revision, figures);
            await tx.AddTotalsAsync(new AgencyCounters(1, 0, 0, 0, 0), []);
            return true;
        });

        Assert.True(await Count("c1", 1, 0));
        Assert.False(await Count("c1", 1, 1));
        Assert.False(await Count("c1", 0, 1));
        var query = new MonevQuery(MonevPeriod.Day, DateOnly.FromDayNumber(day), DateOnly.FromDayNumber(day));
        Assert.Equal(1, (await Ledger.ReadFiguresAsync("a", MonevRollup.Own, MonevRollup.Plan(query))).Days[day].Received);
        Assert.Equal(1, (await Ledger.ReadTotalsAsync("a")).Counters.Received);
        Assert.Equal(["c1"], (await Ledger.MonevComplaintIdsAsync("a")).AsEnumerable());

        // A writer still holding revision 0 (absent) or 1 after the row moved on fails, and its transaction changes nothing.
        Assert.True(await Count("c2", 1, 1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Count("c3", 1, 1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Count("c3", 1, 0));
        Assert.Equal(2, (await Ledger.ReadFiguresAsync("a", MonevRollup.Own, MonevRollup.Plan(query))).Days[day].Received);
        Assert.True(await Count("c3", 1, 2));
    }

    protected async Task Notices_recorded_together_answer_as_recorded_one_at_a_time()
    {
        var early = MonevRollup.Hour(Now.AddDays(-5));
        var late = MonevRollup.Hour(Now);
        // Stored before: "stale" at version 4 with a line, "leaving" at version 1 with a line, "kept" at version 2 with a line.
        await Ledger.TransactAsync("a", async tx =>
        {
            foreach (var (id, version) in new[] { ("stale", 4), ("leaving", 1), ("kept", 2) })
            {
                Assert.True(await tx.RaiseMonevVersionAsync(id, version));
                Assert.Equal((early, 1), await tx.SetLineAsync(id, early));
            }

            return true;
        });

        NoticeToRecord[] notices =
        [
            new("new", 1, late),       // fresh, arrives: +1 at its hour
            new("stale", 3, late),     // older than stored: not fresh, nothing moves
            new("leaving", 2, null),   // fresh, leaves the inbox: −1 at the stored hour
            new("kept", 3, early),     // fresh, already counted in the backlog: no change
            new("never", 1, null),     // fresh, was never in the backlog: no change
        ];
        var recorded = await Ledger.TransactAsync("a", async tx =>
        {
            var outcomes = await tx.RecordNoticesAsync(notices);
            // A write held before a read in the same transaction is seen by it.
            await tx.AddBacklogAsync(MonevRollup.Own, late, 5);
            Assert.Equal(5, (await tx.ReadBacklogAsync(MonevRollup.Own))[late]);
            return outcomes;
        });

        Assert.Equal(
            [new(true, (late, 1)), new(false, null), new(true, (early, -1)), new(true, null), new(true, null)],
            recorded.AsEnumerable());
        Assert.Equal(["kept", "leaving", "never", "new", "stale"], (await Ledger.MonevComplaintIdsAsync("a")).AsEnumerable());
        // Recorded once: the same batch again is no longer fresh anywhere.
        Assert.All(await Ledger.TransactAsync("a", tx => tx.RecordNoticesAsync(notices)), r => Assert.Equal(new NoticeRecorded(false, null), r));
    }

    protected async Task Lines_links_outbox_and_backlog_keep_their_rules()
    {
        var hour = MonevRollup.Hour(Now.AddDays(-5));
        var (hourIn, hourOut) = await Ledger.TransactAsync("a", async tx =>
            (await tx.SetLineAsync("c1", hour), await tx.SetLineAsync("c1", hour)));
        Assert.Equal((hour, 1), hourIn);
        Assert.Null(hourOut);
        Assert.Equal((hour, -1), await Ledger.TransactAsync("a", tx => tx.SetLineAsync("c1", null)));
        Assert.Null(await Ledger.TransactAsync("a", tx => tx.SetLineAsync("c1", null)));

        Assert.True(await Ledger.TransactAsync("p", tx => tx.RaiseLinkAsync("a", 3)));
        Assert.False(await Ledger.TransactAsync("p", tx => tx.RaiseLinkAsync("a", 3)));
        Assert.False(await Ledger.TransactAsync("p", tx => tx.RaiseLinkAsync("a", 2)));
        Assert.True(await Ledger.TransactAsync("p", tx => tx.RaiseLinkAsync("a", 9)));

        var delta = new MonevDelta { Agencies = 2 };
        delta.AddLines(hour, 4);
        await Ledger.TransactAsync("a", async tx =>
        {
            await tx.AppendOutboxAsync(new PendingPush(1, "p", delta));
            await tx.AppendOutboxAsync(new PendingPush(2, "q", delta.Negated()));
            await tx.AppendOutboxAsync(new PendingPush(3, "q", delta));
            await tx.DeleteOutboxAsync(1);
            await tx.WriteNodeAsync(new MonevNode("q", 4, 7));
            await tx.AddBacklogAsync(MonevRollup.Subtree, hour, 4);
            await tx.AddBacklogAsync(MonevRollup.Subtree, hour, -1);
            await tx.AddBacklogAsync(MonevRollup.Subtree, MonevRollup.Hour(Now), 2);
            return true;
        });
        var outbox = await Ledger.TransactAsync("a", tx => tx.ReadOutboxAsync());
        Assert.Equal([2L, 3L], outbox.Select(o => o.Seq));
        Assert.Equal(-4, outbox[0].Delta.Backlog[hour]);
        Assert.Equal(new MonevNode("q", 4, 7), await Ledger.ReadNodeAsync("a"));
        // 5 days old: "4–7 days"; today: "up to 3 days"
        Assert.Equal(new MonevBacklog(2, 3, 0, 0, 0), await Ledger.ReadBacklogAsync("a", MonevRollup.Subtree, MonevRollup.BacklogBounds(Now, AgencyZone.Wib)));
        Assert.Equal(MonevBacklog.Zero, await Ledger.ReadBacklogAsync("a", MonevRollup.Own, MonevRollup.BacklogBounds(Now, AgencyZone.Wib)));
    }

    protected async Task Escalations_are_kept_once_and_read_newest_first()
    {
        var first = new EscalationRecord("c1", DeadlineStep.Resolution, "unit", Now, Now.AddHours(-1), false);
        var second = first with { ComplaintId = "c2", At = Now.AddMinutes(5) };
        Task<bool> Count(string complaintId, int version, EscalationRecord record) => Ledger.TransactAsync("a", async tx =>
        {
            if (await tx.RaiseMonevVersionAsync(complaintId, version))
            {
                await tx.AddTotalsAsync(AgencyCounters.Zero, [record]);
            }

            return true;
        });

        await Count("c1", 3, first);
        await Count("c1", 3, first);
        await Count("c2", 1, second);

        Assert.Equal([second, first], (await Ledger.ReadEscalationsAsync("a", 10)).AsEnumerable());
        Assert.Equal(2, (await Ledger.ReadTotalsAsync("a")).EscalationsReceived);
    }

    // The agency directory: a row keeps its newest revision, a search matches every word in the agency's or its parent's
    // name, literally and in any case, and pages continue exactly after their cursor.

    // The reporter-data erasure index: one date per report, moved or removed by a repeat, read in date order after a
    // cursor, only what is due.
    protected async Task Erasure_dates_are_one_per_report_and_are_read_due_in_date_order_after_the_cursor()
    {
        var erasures = new AdoNetReporterErasureIndex(_database!);
        await erasures.ScheduleAsync("LPR-C", Now.AddDays(2));
        await erasures.ScheduleAsync("LPR-A", Now.AddDays(1));
        await erasures.ScheduleAsync("LPR-B", Now.AddDays(1));
        await erasures.ScheduleAsync("LPR-D", Now.AddDays(9));
        await erasures.ScheduleAsync("LPR-E", Now.AddDays(1));
        await erasures.ScheduleAsync("LPR-C", Now.AddDays(3)); // moved
        await erasures.ScheduleAsync("LPR-E", null); // removed
        await erasures.ScheduleAsync("LPR-E", null); // a repeat

        var first = await erasures.DueAsync(Now.AddDays(5), null, 2);
        var rest = await erasures.DueAsync(Now.AddDays(5), first[^1], 2);

        Assert.Equal([new ErasureDue("LPR-A", Now.AddDays(1)), new ErasureDue("LPR-B", Now.AddDays(1))], first);
        Assert.Equal([new ErasureDue("LPR-C", Now.AddDays(3))], rest);
        Assert.Empty(await erasures.DueAsync(Now.AddHours(23), null, 10));
    }

    protected static AgencyProfile Profile(string id, string name, string? parent = AgencyIds.National, AgencyLevel level = AgencyLevel.Unit) =>
        new(id, name, parent is null ? AgencyLevel.National : level, parent, AgencyZone.Wib, new SlaPolicy());

    private async Task ListTreeAsync()
    {
        await Agencies.ApplyAsync(Profile(AgencyIds.National, "Admin Nasional", parent: null), 1);
        await Agencies.ApplyAsync(Profile("kota-malang", "Pemerintah Kota Malang", level: AgencyLevel.RegencyCity), 1);
        await Agencies.ApplyAsync(Profile("kab-malang", "Pemerintah Kabupaten Malang", level: AgencyLevel.RegencyCity), 1);
        await Agencies.ApplyAsync(Profile("malang-dishub", "Dinas Perhubungan", "kota-malang"), 1);
        await Agencies.ApplyAsync(Profile("kabmalang-dishub", "Dinas Perhubungan", "kab-malang"), 1);
        await Agencies.ApplyAsync(Profile("malang-dinkes", "Dinas Kesehatan", "kota-malang"), 1);
        await Agencies.ApplyAsync(Profile("lab-100", "Laboratorium 100% Mandiri_Uji", "kota-malang"), 1);
    }

    protected async Task The_directory_keeps_the_newest_revision_of_each_agency()
    {
        await Agencies.ApplyAsync(Profile("a", "Nama Kedua"), 2);
        await Agencies.ApplyAsync(Profile("a", "Nama Pertama"), 1);
        await Agencies.ApplyAsync(Profile("a", "Nama Kedua Diulang"), 2);
        Assert.Equal("Nama Kedua", (await Agencies.FindAsync(["a"]))["a"].Name);

        await Agencies.ApplyAsync(Profile("a", "Nama Ketiga", "b"), 3);
        var found = await Agencies.FindAsync(["a", "tidak-ada"]);
        Assert.Equal(("Nama Ketiga", "b"), (found["a"].Name, found["a"].ParentId));
        Assert.False(found.ContainsKey("tidak-ada"));
    }

    protected async Task A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case()
    {
        await ListTreeAsync();

        Assert.Equal(["kab-malang", "kabmalang-dishub", "kota-malang", "lab-100", "malang-dinkes", "malang-dishub"], await IdsAsync("MALANG"));
        Assert.Equal(["kabmalang-dishub", "malang-dishub"], await IdsAsync("perhubungan malang"));
        Assert.Equal(["malang-dishub"], await IdsAsync("  Perhubungan   kota  "));
        var dishub = Assert.Single((await Agencies.SearchAsync(new AgencySearch { Text = "perhubungan kota" })).Items);
        Assert.Equal(("Dinas Perhubungan", "kota-malang", "Pemerintah Kota Malang"), (dishub.Name, dishub.ParentId, dishub.ParentName));

        // LIKE's wildcards are letters like any other.
        Assert.Equal(["lab-100"], await IdsAsync("100%"));
        Assert.Equal(["lab-100"], await IdsAsync("mandiri_uji"));
        Assert.Empty(await IdsAsync("1%0"));
        Assert.Empty(await IdsAsync("mandiri_x"));
        // The root has no parent's name; the agencies right below it match by their parent's.
        var national = await Agencies.SearchAsync(new AgencySearch { Text = "nasional" });
        Assert.Null(national.Items.Single(a => a.Id == AgencyIds.National).ParentName);
        Assert.Equal(["kab-malang", "kota-malang", "nasional"], national.Items.Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    protected async Task Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only()
    {
        await ListTreeAsync();
        for (var i = 0; i < 45; i++)
        {
            // Namesakes: only the id tells them apart, so the cursor must carry it.
            await Agencies.ApplyAsync(Profile($"unit-{i:00}", i % 3 == 0 ? "Unit Layanan" : $"Unit Layanan {i}", "kota-malang"), 1);
        }

        var whole = await Agencies.SearchAsync(new AgencySearch { Text = "unit", PageSize = AgencySearch.MaxPageSize });
        Assert.Equal(45, whole.Items.Length);
        Assert.Null(whole.NextCursor);

        var paged = new List<string>();
        AgencyCursor? after = null;
        do
        {
            var page = await Agencies.SearchAsync(new AgencySearch { Text = "unit", PageSize = 7, After = after });
            Assert.InRange(page.Items.Length, 1, 7);
            paged.AddRange(page.Items.Select(a => a.Id));
            after = AgencyCursor.TryDecode(page.NextCursor);
            Assert.Equal(page.NextCursor is null, after is null);
            if (after is not null)
            {
                // A row inserted before the cursor's position never shows up later, nor shifts what follows.
                await Agencies.ApplyAsync(Profile($"aaa-{paged.Count}", "Aaa Unit Baru", "kota-malang"), 1);
            }
        }
        while (after is not null);

        Assert.Equal(whole.Items.Select(a => a.Id), paged);

        var children = await Agencies.SearchAsync(new AgencySearch { ParentId = "kab-malang" });
        Assert.Equal(["kabmalang-dishub"], children.Items.Select(a => a.Id));
        Assert.Equal(["kab-malang", "kota-malang"], (await Agencies.SearchAsync(new AgencySearch { ParentId = AgencyIds.National, Text = "pemerintah" })).Items.Select(a => a.Id).Order());
    }

    protected async Task A_child_is_found_by_its_parents_name_as_it_is_now_whichever_was_listed_first()
    {
        await ListTreeAsync();
        Assert.Equal(["kabmalang-dishub", "malang-dishub"], await IdsAsync("perhubungan malang"));

        await Agencies.ApplyAsync(Profile("kota-malang", "Pemerintah Kota Batu", level: AgencyLevel.RegencyCity), 2);
        Assert.Equal(["kabmalang-dishub"], await IdsAsync("perhubungan malang"));
        Assert.Equal(["kota-malang", "lab-100", "malang-dinkes", "malang-dishub"], await IdsAsync("batu"));

        // A unit listed before its parent is found by the parent's name once the parent is listed.
        await Agencies.ApplyAsync(Profile("baru-dishub", "Dinas Perhubungan", "kota-baru"), 1);
        Assert.Empty(await IdsAsync("perhubungan baru"));
        await Agencies.ApplyAsync(Profile("kota-baru", "Pemerintah Kota Baru", level: AgencyLevel.RegencyCity), 1);
        Assert.Equal(["baru-dishub"], await IdsAsync("perhubungan baru"));

        // A unit moved to another parent is found by its new parent's name only.
        await Agencies.ApplyAsync(Profile("baru-dishub", "Dinas Perhubungan", "kab-malang"), 2);
        Assert.Empty(await IdsAsync("perhubungan baru"));
        Assert.Equal(["baru-dishub", "kabmalang-dishub"], await IdsAsync("perhubungan kabupaten"));
    }

    protected async Task A_search_through_the_text_index_reads_the_same_pages_as_one_in_name_order()
    {
        await ListTreeAsync();
        for (var i = 0; i < 30; i++)
        {
            await Agencies.ApplyAsync(Profile($"unit-{i:00}", $"Unit Layanan {i} Kecamatan {(i % 2 == 0 ? "Klojen" : "Lowokwaru")}",
                i % 3 == 0 ? "kab-malang" : "kota-malang"), 1);
        }

        // A limit below any count: every search walks the names. A limit of five: words held by more agencies are
        // passed over for a rarer one, or walked.
        var inNameOrder = new AdoNetAgencyIndex(_database!, candidateLimit: -1);
        var lowLimit = new AdoNetAgencyIndex(_database!, candidateLimit: 5);
        string[] texts = ["malang", "perhubungan malang", "dinas", "unit 1", "layanan klojen kabupaten", "100%", "mandiri_uji", "zzz",
            "ab", "an ng", "pemerintah kota", "NASIONAL", "lowokwaru 2", "1%0", "\"kota\"", "uni* OR dinas"];
        foreach (var text in texts)
        {
            var expected = await PagesAsync(inNameOrder, text);
            Assert.Equal(expected, await PagesAsync(Agencies, text));
            Assert.Equal(expected, await PagesAsync(lowLimit, text));
        }

        Assert.Equal(15, (await PagesAsync(Agencies, "unit klojen")).Count);
        Assert.Equal("1: unit-01", (await PagesAsync(Agencies, "lowokwaru unit"))[0]);
    }

    protected async Task A_directory_listed_at_version_10_is_searched_by_its_parents_names_after_the_upgrade()
    {
        await ListTreeAsync();
        await _database!.WriteAsync((connection, transaction, ct) => IndexDatabase.ExecuteAsync(connection, transaction,
            "DROP TABLE IF EXISTS lapor_agency_search_fts; DROP TABLE lapor_agency_search; UPDATE lapor_schema_version SET version = 10", ct),
            CancellationToken.None);
        Assert.NotNull(await SchemaCheck.FindProblemAsync(_options.Provider, _options.ResolveConnectionString()));

        await SchemaInstaller.ApplyAsync(_options);
        Assert.Null(await SchemaCheck.FindProblemAsync(_options.Provider, _options.ResolveConnectionString()));
        Assert.Equal(["kabmalang-dishub", "malang-dishub"], await IdsAsync("perhubungan malang"));
        Assert.Equal(await PagesAsync(new AdoNetAgencyIndex(_database, candidateLimit: -1), "pemerintah"), await PagesAsync(Agencies, "pemerintah"));
    }

    /// <summary>Every page of a search, two agencies each, as "page: ids" lines (so a page's bounds count too).</summary>
    private static async Task<List<string>> PagesAsync(AdoNetAgencyIndex index, string text)
    {
        var lines = new List<string>();
        AgencyCursor? after = null;
        var number = 0;
        do
        {
            var page = await index.SearchAsync(new AgencySearch { Text = text, PageSize = 2, After = after });
            number++;
            lines.AddRange(page.Items.Select(a => $"{number}: {a.Id}"));
            after = AgencyCursor.TryDecode(page.NextCursor);
        }
        while (after is not null);

        return lines;
    }

    private async Task<string[]> IdsAsync(string text) =>
        [.. (await Agencies.SearchAsync(new AgencySearch { Text = text, PageSize = AgencySearch.MaxPageSize })).Items.Select(a => a.Id).Order(StringComparer.Ordinal)];
}

public sealed class SqliteIndexTests : IndexContract
{
    private readonly TempFolder _folder = new();

    protected override Task<LaporStorageOptions> CreateStorageAsync() => Task.FromResult(_folder.SqliteOptions());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    [Fact] public Task An_older_or_repeated_line_never_overwrites_a_newer_one_on_sqlite() => An_older_or_repeated_line_never_overwrites_a_newer_one();
    [Fact] public Task A_departure_is_not_undone_by_a_late_earlier_line_on_sqlite() => A_departure_is_not_undone_by_a_late_earlier_line();
    [Fact] public Task The_lines_of_one_notice_round_are_stored_together_with_their_counts_on_sqlite() => The_lines_of_one_notice_round_are_stored_together_with_their_counts();
    [Fact] public Task Pages_continue_after_the_cursor_while_rows_are_inserted_on_sqlite() => Pages_continue_after_the_cursor_while_rows_are_inserted();
    [Fact] public Task Lines_stored_by_the_agency_ledger_converge_to_the_newest_version_whatever_the_batches_on_sqlite() => Lines_stored_by_the_agency_ledger_converge_to_the_newest_version_whatever_the_batches();
    [Fact] public Task The_kept_count_equals_the_active_rows_after_repeated_reordered_and_departing_lines_on_sqlite() => The_kept_count_equals_the_active_rows_after_repeated_reordered_and_departing_lines();
    [Fact] public Task The_public_list_keeps_the_newest_version_searches_titles_literally_and_pages_newest_first_on_sqlite() => The_public_list_keeps_the_newest_version_searches_titles_literally_and_pages_newest_first();
    [Fact] public Task Filters_combine_and_newest_first_pages_backwards_in_time_on_sqlite() => Filters_combine_and_newest_first_pages_backwards_in_time();
    [Fact] public Task A_notice_counted_twice_counts_once_and_a_stale_row_write_fails_on_sqlite() => A_notice_counted_twice_counts_once_and_a_stale_row_write_fails();
    [Fact] public Task Lines_links_outbox_and_backlog_keep_their_rules_on_sqlite() => Lines_links_outbox_and_backlog_keep_their_rules();
    [Fact] public Task Notices_recorded_together_answer_as_recorded_one_at_a_time_on_sqlite() => Notices_recorded_together_answer_as_recorded_one_at_a_time();
    [Fact] public Task Escalations_are_kept_once_and_read_newest_first_on_sqlite() => Escalations_are_kept_once_and_read_newest_first();
    [Fact] public Task The_directory_keeps_the_newest_revision_of_each_agency_on_sqlite() => The_directory_keeps_the_newest_revision_of_each_agency();
    [Fact] public Task A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case_on_sqlite() => A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case();
    [Fact] public Task Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only_on_sqlite() => Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only();
    [Fact] public Task A_child_is_found_by_its_parents_name_as_it_is_now_whichever_was_listed_first_on_sqlite() => A_child_is_found_by_its_parents_name_as_it_is_now_whichever_was_listed_first();
    [Fact] public Task A_directory_listed_at_version_10_is_searched_by_its_parents_names_after_the_upgrade_on_sqlite() => A_directory_listed_at_version_10_is_searched_by_its_parents_names_after_the_upgrade();
    [Fact] public Task A_search_through_the_text_index_reads_the_same_pages_as_one_in_name_order_on_sqlite() => A_search_through_the_text_index_reads_the_same_pages_as_one_in_name_order();
    [Fact] public Task Erasure_dates_are_one_per_report_and_are_read_due_in_date_order_after_the_cursor_on_sqlite() => Erasure_dates_are_one_per_report_and_are_read_due_in_date_order_after_the_cursor();
}

public sealed class PostgresIndexTests : IndexContract
{
    private PostgresTestDatabase? _database;

    protected override async Task<LaporStorageOptions> CreateStorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return _database.Options();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact] public Task An_older_or_repeated_line_never_overwrites_a_newer_one_on_postgres() => An_older_or_repeated_line_never_overwrites_a_newer_one();
    [PostgresFact] public Task A_departure_is_not_undone_by_a_late_earlier_line_on_postgres() => A_departure_is_not_undone_by_a_late_earlier_line();
    [PostgresFact] public Task The_lines_of_one_notice_round_are_stored_together_with_their_counts_on_postgres() => The_lines_of_one_notice_round_are_stored_together_with_their_counts();
    [PostgresFact] public Task Pages_continue_after_the_cursor_while_rows_are_inserted_on_postgres() => Pages_continue_after_the_cursor_while_rows_are_inserted();
    [PostgresFact] public Task Lines_stored_by_the_agency_ledger_converge_to_the_newest_version_whatever_the_batches_on_postgres() => Lines_stored_by_the_agency_ledger_converge_to_the_newest_version_whatever_the_batches();
    [PostgresFact] public Task The_kept_count_equals_the_active_rows_after_repeated_reordered_and_departing_lines_on_postgres() => The_kept_count_equals_the_active_rows_after_repeated_reordered_and_departing_lines();
    [PostgresFact] public Task The_public_list_keeps_the_newest_version_searches_titles_literally_and_pages_newest_first_on_postgres() => The_public_list_keeps_the_newest_version_searches_titles_literally_and_pages_newest_first();
    [PostgresFact] public Task Filters_combine_and_newest_first_pages_backwards_in_time_on_postgres() => Filters_combine_and_newest_first_pages_backwards_in_time();
    [PostgresFact] public Task A_notice_counted_twice_counts_once_and_a_stale_row_write_fails_on_postgres() => A_notice_counted_twice_counts_once_and_a_stale_row_write_fails();
    [PostgresFact] public Task Lines_links_outbox_and_backlog_keep_their_rules_on_postgres() => Lines_links_outbox_and_backlog_keep_their_rules();
    [PostgresFact] public Task Notices_recorded_together_answer_as_recorded_one_at_a_time_on_postgres() => Notices_recorded_together_answer_as_recorded_one_at_a_time();
    [PostgresFact] public Task Escalations_are_kept_once_and_read_newest_first_on_postgres() => Escalations_are_kept_once_and_read_newest_first();
    [PostgresFact] public Task The_directory_keeps_the_newest_revision_of_each_agency_on_postgres() => The_directory_keeps_the_newest_revision_of_each_agency();
    [PostgresFact] public Task A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case_on_postgres() => A_search_matches_every_word_in_the_name_or_the_parents_name_literally_and_in_any_case();
    [PostgresFact] public Task Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only_on_postgres() => Pages_of_the_directory_continue_after_their_cursor_and_children_are_listed_below_their_parent_only();
    [PostgresFact] public Task A_child_is_found_by_its_parents_name_as_it_is_now_whichever_was_listed_first_on_postgres() => A_child_is_found_by_its_parents_name_as_it_is_now_whichever_was_listed_first();
    [PostgresFact] public Task A_directory_listed_at_version_10_is_searched_by_its_parents_names_after_the_upgrade_on_postgres() => A_directory_listed_at_version_10_is_searched_by_its_parents_names_after_the_upgrade();
    [PostgresFact] public Task A_search_through_the_text_index_reads_the_same_pages_as_one_in_name_order_on_postgres() => A_search_through_the_text_index_reads_the_same_pages_as_one_in_name_order();
    [PostgresFact] public Task Erasure_dates_are_one_per_report_and_are_read_due_in_date_order_after_the_cursor_on_postgres() => Erasure_dates_are_one_per_report_and_are_read_due_in_date_order_after_the_cursor();

    /// <summary>
    /// PostgreSQL runs two directory writes at once, each unseen by the other until it commits. A child moved below a
    /// parent in the very moment the parent is renamed must still be found by the parent's new name.
    /// </summary>
    [PostgresFact]
    public async Task A_child_moved_below_a_parent_while_the_parent_is_renamed_is_found_by_the_new_name_on_postgres()
    {
        await Agencies.ApplyAsync(Profile(AgencyIds.National, "Admin Nasional", parent: null), 1);
        await Agencies.ApplyAsync(Profile("kota-lama", "Pemerintah Kota Lama", level: AgencyLevel.RegencyCity), 1);
        await Agencies.ApplyAsync(Profile("dinas-pasar", "Dinas Pasar"), 1);
        await Agencies.ApplyAsync(Profile("bidang-retribusi", "Bidang Retribusi", "dinas-pasar"), 1);

        // Another session holds the grandchild's search line: the move reads the parent's name, then stops at refreshing
        // the grandchild's text, uncommitted.
        await using var holder = new Npgsql.NpgsqlConnection(_database!.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand("SELECT 1 FROM lapor_agency_search WHERE agency_id = 'bidang-retribusi' FOR UPDATE", holder, hold))
        {
            await command.ExecuteScalarAsync();
        }

        var move = Agencies.ApplyAsync(Profile("dinas-pasar", "Dinas Pasar Rakyat", "kota-lama"), 2);
        await WaitingSessionsAsync(1, move);
        var rename = Agencies.ApplyAsync(Profile("kota-lama", "Pemerintah Kota Baru", level: AgencyLevel.RegencyCity), 2);
        // The rename either ran to its end beside the move (which then commits the old name) or waits for the move.
        await WaitingSessionsAsync(2, rename);
        await hold.RollbackAsync();
        await Task.WhenAll(move, rename);

        var found = await Agencies.SearchAsync(new AgencySearch { Text = "pasar kota baru" });
        Assert.Equal(["dinas-pasar"], found.Items.Select(a => a.Id));
        Assert.Empty((await Agencies.SearchAsync(new AgencySearch { Text = "pasar kota lama" })).Items);
        Assert.Equal(["bidang-retribusi"], (await Agencies.SearchAsync(new AgencySearch { Text = "retribusi rakyat" })).Items.Select(a => a.Id));
    }

    /// <summary>Until <paramref name="count"/> sessions of this database wait for a lock, or <paramref name="work"/> ended.</summary>
    private async Task WaitingSessionsAsync(int count, Task work) =>
        Assert.True(await Eventually.TrueWithinAsync(async () => work.IsCompleted || await _database!.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= count,
            TimeSpan.FromSeconds(20)), $"{count} waiting sessions");
}
