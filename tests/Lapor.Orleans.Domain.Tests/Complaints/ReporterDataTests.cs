using Lapor.Domain.Complaints;
using Lapor.Domain.Agencies;

namespace Lapor.Domain.Tests.Complaints;

/// <summary>docs/domain.md §5.1: the reporter's personal data is erased a retention after the report is final.</summary>
public class ReporterDataTests
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    private static readonly ReportSource Post = new("x", "1790000000000000000", "https://x.com/siti/status/1790000000000000000", "integrator-x");

    private static Scenario ClosedByReporter(TimeSpan? retention = null, SlaPolicy? kotaMalangPolicy = null)
    {
        var sc = new Scenario(AgencyTree.Default(kotaMalangPolicy), retention ?? Year);
        sc.Submit(source: Post);
        sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.NationalAdmin);
        sc.Ok(new ResolveAction("Lubang sudah ditambal."), Actors.Officer(AgencyTree.KotaMalang));
        sc.Ok(new ConfirmAction(4, "Terima kasih."), Actor.Reporter);
        Assert.Equal(ComplaintStatus.Closed, sc.State.Status);
        return sc;
    }

    [Fact]
    public void A_closed_report_is_due_for_erasure_a_retention_after_its_reopen_window_ends()
    {
        var sc = ClosedByReporter();

        var due = sc.State.ClosedAt!.Value + TimeSpan.FromDays(30) + Year;
        Assert.Equal(due, sc.State.ReporterDataEraseAt);
        Assert.Null(sc.NextAlarm); // no deadline wakes it: the sweep does, at its date
    }

    [Fact]
    public void The_reopen_window_of_the_primary_agency_decides_when_a_closed_report_is_final()
    {
        var sc = ClosedByReporter(kotaMalangPolicy: new SlaPolicy { ReopenWindowDays = 90 });

        Assert.Equal(sc.State.ClosedAt!.Value + TimeSpan.FromDays(90) + Year, sc.State.ReporterDataEraseAt);
    }

    [Fact]
    public void An_automatically_closed_report_is_due_for_erasure_as_one_the_reporter_confirmed()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Resolved, reporterDataRetention: Year);

        sc.Tick(sc.State.Intake!.Clock!.DueAt);

        Assert.Equal(("auto-closed", ComplaintStatus.Closed), (sc.State.Timeline[^1].Action, sc.State.Status));
        Assert.Equal(sc.State.ClosedAt!.Value + TimeSpan.FromDays(30) + Year, sc.State.ReporterDataEraseAt);
    }

    [Fact]
    public void An_archived_report_is_due_for_erasure_a_retention_after_it_was_archived()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Archived, reporterDataRetention: Year);

        Assert.Equal(sc.Now + Year, sc.State.ReporterDataEraseAt);
        Assert.Null(sc.NextAlarm);
    }

    [Fact]
    public void At_its_due_the_clock_erases_the_contact_and_the_source_and_says_so_to_reporter_and_staff()
    {
        var sc = ClosedByReporter();
        var due = sc.State.ReporterDataEraseAt!.Value;
        var version = sc.State.Version;
        var before = sc.Snapshot();

        Assert.Equal(Outcome.Unchanged, sc.EraseIfDue(due.AddSeconds(-1)));
        Assert.Equal(before, sc.Snapshot());
        Assert.Equal(Outcome.Applied, sc.EraseIfDue(due));

        Assert.Null(sc.State.Contact);
        Assert.Null(sc.State.Report!.Source);
        Assert.Equal(Channel.Web, sc.State.Report.Channel);
        Assert.Equal(due, sc.State.ReporterDataErasedAt);
        Assert.Null(sc.State.ReporterDataEraseAt);
        Assert.True(sc.State.ReporterMessagesToForget);
        Assert.Null(sc.NextAlarm);
        Assert.Equal(version + 1, sc.State.Version);
        var entry = sc.State.Timeline[^1];
        Assert.Equal(("reporter-data-erased", ActorRole.System, EntryVisibility.ReporterAndStaff, ComplaintStatus.Closed),
            (entry.Action, entry.ActorRole, entry.Visibility, entry.To));
        Assert.DoesNotContain(Scenario.Contact.Name!, entry.Message);
    }

    [Fact]
    public void What_the_report_says_and_its_rating_stay_after_the_erasure()
    {
        var sc = ClosedByReporter();
        var report = sc.State.Report!;
        var timeline = sc.State.Timeline.ToList();

        sc.EraseIfDue(sc.State.ReporterDataEraseAt!.Value);

        Assert.Equal(report with { Source = null }, sc.State.Report);
        Assert.Equal(timeline, sc.State.Timeline.Take(timeline.Count));
        Assert.Equal((4, "Terima kasih."), (sc.State.Rating, sc.State.RatingComment));
        Assert.Equal("secret-1", sc.State.SecretHash);
    }

    [Fact]
    public void Views_after_the_erasure_show_no_reporter_to_anyone()
    {
        var sc = ClosedByReporter();
        sc.EraseIfDue(sc.State.ReporterDataEraseAt!.Value);

        foreach (var viewer in new[] { Viewer.Reporter, new(ViewerKind.Staff, Actors.NationalAdmin), new(ViewerKind.Staff, Actors.Officer(AgencyTree.KotaMalang)) })
        {
            var view = ComplaintProjections.View(sc.State, viewer)!;
            Assert.Null(view.Reporter);
            Assert.Null(view.Source);
        }
    }

    [Fact]
    public void The_erasure_is_done_once_and_a_later_tick_changes_nothing()
    {
        var sc = ClosedByReporter();
        var due = sc.State.ReporterDataEraseAt!.Value;
        sc.EraseIfDue(due.AddDays(3));
        var after = sc.Snapshot();

        Assert.Equal(Outcome.Unchanged, sc.EraseIfDue(due.AddDays(400)));
        Assert.Equal(after, sc.Snapshot());
    }

    [Fact]
    public void A_rating_after_closing_keeps_the_erasure_date()
    {
        var sc = ClosedByReporter();
        var due = sc.State.ReporterDataEraseAt;

        sc.Ok(new RateAction(2, "Ternyata rusak lagi di sisi lain."), Actor.Reporter, sc.State.ClosedAt!.Value.AddDays(40));

        Assert.Equal(due, sc.State.ReporterDataEraseAt);
    }

    [Fact]
    public void A_reopened_report_keeps_its_reporter_until_it_is_final_again()
    {
        var sc = ClosedByReporter();
        var firstDue = sc.State.ReporterDataEraseAt!.Value;

        sc.Ok(new ReopenAction("Lubang muncul lagi."), Actor.Reporter, sc.State.ClosedAt!.Value.AddDays(10));

        Assert.Null(sc.State.ReporterDataEraseAt);
        Assert.Equal(Outcome.Unchanged, sc.EraseIfDue(firstDue));
        Assert.NotNull(sc.NextAlarm); // its resolution deadline runs again
        sc.Ok(new ResolveAction("Sudah ditambal ulang."), Actors.Officer(AgencyTree.KotaMalang));
        sc.Ok(new ConfirmAction(null, null), Actor.Reporter);
        Assert.Equal(sc.State.ClosedAt!.Value + TimeSpan.FromDays(30) + Year, sc.State.ReporterDataEraseAt);
        Assert.NotNull(sc.State.Contact);
    }

    [Fact]
    public void An_anonymous_report_without_contact_or_source_never_wakes_for_an_erasure()
    {
        var sc = new Scenario(reporterDataRetention: Year);
        sc.Submit(anonymous: true, withContact: false);
        sc.Ok(new ArchiveAction("Duplikat laporan lain."), Actors.NationalAdmin);

        Assert.Null(sc.State.ReporterDataEraseAt);
        Assert.Null(sc.NextAlarm);
    }

    [Fact]
    public void An_anonymous_report_with_a_contact_has_it_erased_as_well()
    {
        var sc = new Scenario(reporterDataRetention: Year);
        sc.Submit(anonymous: true);
        sc.Ok(new ArchiveAction("Duplikat laporan lain."), Actors.NationalAdmin);

        Assert.Equal(Outcome.Applied, sc.EraseIfDue(sc.State.ReporterDataEraseAt!.Value));
        Assert.Null(sc.State.Contact);
    }

    [Fact]
    public void An_erasure_is_never_due_while_the_report_can_change_and_a_deadline_tick_never_erases()
    {
        var sc = ClosedByReporter();
        var due = sc.State.ReporterDataEraseAt!.Value;

        Assert.Equal(Outcome.Unchanged, sc.Tick(due.AddDays(1)));
        Assert.NotNull(sc.State.Contact);
        sc.Ok(new ReopenAction("Lubang muncul lagi."), Actor.Reporter, sc.State.ClosedAt!.Value.AddDays(1));
        Assert.Equal(Outcome.Unchanged, sc.EraseIfDue(due.AddDays(1)));
        Assert.NotNull(sc.State.Contact);
    }

    [Fact]
    public void Staff_learn_nothing_of_an_anonymous_reporters_erasure_and_the_reporter_sees_it()
    {
        var sc = new Scenario(reporterDataRetention: Year);
        sc.Submit(anonymous: true);
        sc.Ok(new ErasePersonalDataAction(), Actor.Reporter);

        var staff = ComplaintProjections.View(sc.State, new(ViewerKind.Staff, Actors.NationalAdmin))!;
        var reporter = ComplaintProjections.View(sc.State, Viewer.Reporter)!;

        Assert.DoesNotContain(staff.Timeline, e => e.Action == "reporter-data-erased");
        Assert.Null(staff.ReporterDataErasedAt);
        Assert.Contains(reporter.Timeline, e => e.Action == "reporter-data-erased");
        Assert.Equal(sc.Now, reporter.ReporterDataErasedAt);
    }

    [Fact]
    public void Staff_see_when_a_named_reporters_data_was_erased_and_the_public_never_does()
    {
        var sc = ClosedByReporter();
        sc.EraseIfDue(sc.State.ReporterDataEraseAt!.Value);

        var staff = ComplaintProjections.View(sc.State, new(ViewerKind.Staff, Actors.NationalAdmin))!;
        var published = ComplaintProjections.View(sc.State, Viewer.Public)!;

        Assert.Equal(sc.Now, staff.ReporterDataErasedAt);
        Assert.Contains(staff.Timeline, e => e.Action == "reporter-data-erased");
        Assert.Null(published.ReporterDataErasedAt);
        Assert.DoesNotContain(published.Timeline, e => e.Action == "reporter-data-erased");
    }

    [Fact]
    public void Without_a_retention_the_reporter_is_kept_and_a_final_report_never_wakes()
    {
        var sc = Scenario.InStatus(ComplaintStatus.Closed);

        Assert.Null(sc.State.ReporterDataEraseAt);
        Assert.Null(sc.NextAlarm);
        Assert.Equal(Outcome.Unchanged, sc.EraseIfDue(sc.Now.AddDays(3650)));
        Assert.Equal(Scenario.Contact, sc.State.Contact);
    }

    [Theory]
    [InlineData(ComplaintStatus.Submitted)]
    [InlineData(ComplaintStatus.OnHold)]
    [InlineData(ComplaintStatus.InProgress)]
    [InlineData(ComplaintStatus.Closed)]
    public void The_reporter_may_have_their_data_erased_at_any_status_and_the_report_goes_on(ComplaintStatus status)
    {
        var sc = Scenario.InStatus(status, reporterDataRetention: Year);

        sc.Ok(new ErasePersonalDataAction(), Actor.Reporter);

        Assert.Null(sc.State.Contact);
        Assert.Equal(status, sc.State.Status);
        Assert.Equal(sc.Now, sc.State.ReporterDataErasedAt);
        Assert.Null(sc.State.ReporterDataEraseAt);
        var entry = sc.State.Timeline[^1];
        Assert.Equal(("reporter-data-erased", ActorRole.Reporter, EntryVisibility.ReporterAndStaff), (entry.Action, entry.ActorRole, entry.Visibility));
        Assert.Contains("Atas permintaan pelapor", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_request_changes_nothing_and_a_report_final_after_it_never_wakes_for_an_erasure()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress, reporterDataRetention: Year);
        sc.Ok(new ErasePersonalDataAction(), Actor.Reporter);
        var after = sc.Snapshot();

        Assert.Equal(Outcome.Unchanged, sc.Do(new ErasePersonalDataAction(), Actor.Reporter));
        Assert.Equal(after, sc.Snapshot());

        sc.Ok(new ResolveAction("Sudah ditambal."), Actors.Officer(AgencyTree.KotaMalang));
        sc.Ok(new ConfirmAction(5, null), Actor.Reporter);
        Assert.Null(sc.State.ReporterDataEraseAt);
        Assert.Null(sc.NextAlarm);
    }

    [Fact]
    public void The_fingerprint_of_the_submission_goes_with_the_reporter_and_a_later_retry_is_refused_as_unmatched()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress, reporterDataRetention: Year);
        Assert.Equal("hash-1", sc.State.RequestHash);
        Assert.Equal(Outcome.Unchanged, sc.Submit()); // a retry before the erasure: answered from the stored report

        sc.Ok(new ErasePersonalDataAction(), Actor.Reporter);
        var after = sc.Snapshot();

        Assert.Equal("", sc.State.RequestHash);
        var retry = sc.Submit().Rejection;
        Assert.Equal((RejectionKind.IdempotencyConflict, "Idempotency-Key"), (retry?.Kind, retry?.Field));
        Assert.Contains("telah dihapus", retry!.Message, StringComparison.Ordinal);
        Assert.Equal(after, sc.Snapshot());
    }

    [Fact]
    public void Only_the_reporter_may_ask_for_the_erasure()
    {
        var sc = Scenario.InStatus(ComplaintStatus.InProgress);

        Assert.Equal(RejectionKind.Forbidden, sc.Do(new ErasePersonalDataAction(), Actors.NationalAdmin).Rejection?.Kind);
        Assert.Equal(Scenario.Contact, sc.State.Contact);
    }

    [Fact]
    public void An_erasure_changes_no_inbox_line_and_no_public_line()
    {
        var sc = ClosedByReporter();
        sc.State.Outbox.Clear();
        sc.State.PendingPublication = null;

        sc.EraseIfDue(sc.State.ReporterDataEraseAt!.Value);

        Assert.All(sc.State.Outbox, e => Assert.True(e.Notice.Counters.IsZero() && e.Notice.Facts.Length == 0 && e.Notice.Escalation is null,
            $"{e.AgencyId} was told of more than a new version"));
        Assert.Null(sc.State.PendingPublication);
    }
}
