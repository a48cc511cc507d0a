namespace Lapor.Domain.Complaints;

/// <summary>
/// The reporter's personal data (docs/domain.md §5.1): kept while the report can change and for the operator's
/// retention after it is final, then erased by the clock. What the report says stays; who said it goes.
/// </summary>
public sealed partial class ComplaintMachine
{
    /// <summary>Whether the state still holds anything that can name the reporter: the contact or the outside source.</summary>
    public static bool HoldsReporterData(ComplaintState s) => s.Contact is not null || s.Report?.Source is not null;

    /// <summary>
    /// Fixes when the reporter's data goes, <paramref name="finalAt"/> plus the retention; nothing when the operator keeps
    /// it or nothing is held (an anonymous report without a contact never wakes for it).
    /// </summary>
    private void ScheduleErasure(ComplaintState s, DateTimeOffset finalAt) =>
        s.ReporterDataEraseAt = reporterDataRetention is { } retention && HoldsReporterData(s) ? finalAt + retention : null;

    private static Outcome EraseReporterData(ComplaintState s, Change change)
    {
        s.Contact = null;
        if (s.Report is { Source: not null } report)
        {
            // The channel stays on the report (monev counts it); the post, message or number it came from goes.
            s.Report = report with { Source = null };
        }

        s.ReporterDataEraseAt = null;
        s.ReporterDataErasedAt = change.Now;
        Record(s, change, "reporter-data-erased", Actor.System, s.Status,
            "Data pribadi pelapor (nama, e-mail, nomor telepon, dan sumber laporan) telah dihapus karena masa simpannya setelah laporan selesai berakhir.",
            EntryVisibility.ReporterAndStaff);
        Commit(s, change);
        return Outcome.Applied;
    }
}
