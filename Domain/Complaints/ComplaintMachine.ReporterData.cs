namespace Lapor.Domain.Complaints;

/// <summary>
/// The reporter's personal data (docs/domain.md §5.1): kept while the report can change and for the operator's
/// retention after it is final, then erased when the sweep wakes the report at its date, or earlier at the reporter's
/// request. What the report says stays; who said it goes.
/// </summary>
public sealed partial class ComplaintMachine
{
    /// <summary>Whether the state still holds anything that can name the reporter: the contact or the outside source.</summary>
    private static bool HoldsReporterData(ComplaintState s) => s.Contact is not null || s.Report?.Source is not null;

    /// <summary>
    /// Fixes when the reporter's data goes, <paramref name="finalAt"/> plus the retention; nothing when the operator keeps
    /// it or nothing is held (an anonymous report without a contact never wakes for it).
    /// </summary>
    private void ScheduleErasure(ComplaintState s, DateTimeOffset finalAt) =>
        s.ReporterDataEraseAt = reporterDataRetention is { } retention && HoldsReporterData(s) ? finalAt + retention : null;

    /// <summary>
    /// Erases the reporter's data of a final report whose date has come; unchanged otherwise (not final, not yet due,
    /// nothing held). Safe to call early, twice or late: it decides from the stored date alone.
    /// </summary>
    public static Outcome EraseReporterDataIfDue(ComplaintState s, DateTimeOffset now)
    {
        if (!s.Exists || !ComplaintRules.IsTerminal(s.Status) || s.ReporterDataEraseAt is not { } due || due > now)
        {
            return Outcome.Unchanged;
        }

        var change = Begin(s, now);
        Erase(s, change, Actor.System,
            "Data pribadi pelapor (nama, e-mail, nomor telepon, dan sumber laporan) telah dihapus karena masa simpannya setelah laporan selesai berakhir.");
        Commit(s, change);
        return Outcome.Applied;
    }

    /// <summary>The reporter asked for it; nothing to do when nothing is held (a repeat of the request).</summary>
    private static Outcome ErasePersonalDataOnRequest(ComplaintState s, Change change)
    {
        if (!HoldsReporterData(s))
        {
            return Outcome.Unchanged;
        }

        Erase(s, change, Actor.Reporter,
            "Atas permintaan pelapor, data pribadinya (nama, e-mail, nomor telepon, dan sumber laporan) telah dihapus. Petugas tidak dapat lagi menghubungi pelapor; laporan tetap dapat diikuti dengan kode pelacakan dan kata rahasia.");
        return Outcome.Applied;
    }

    /// <summary>
    /// Why a submission under a code already stored is refused: another report under the same Idempotency-Key, or, once
    /// the reporter's data is erased, a retry that can no longer be matched with what was submitted.
    /// </summary>
    public static string IdempotencyConflict(ComplaintState s) => s.ReporterDataErasedAt is null
        ? "Idempotency-Key ini sudah dipakai untuk laporan lain."
        : "Idempotency-Key ini sudah dipakai. Data pribadi pelapor laporan itu telah dihapus, sehingga pengiriman ulang tidak dapat dicocokkan.";

    private static void Erase(ComplaintState s, Change change, Actor actor, string message)
    {
        s.Contact = null;
        if (s.Report is { Source: not null } report)
        {
            // The channel stays on the report (monev counts it); the post, message or number it came from goes.
            s.Report = report with { Source = null };
        }

        // The fingerprint of the submitted body goes too: with the report's own text kept, it would let anyone holding
        // the stored state test a guessed name, e-mail or phone against it. A retry of the submission is refused from now on.
        s.RequestHash = "";
        s.ReporterDataEraseAt = null;
        s.ReporterDataErasedAt = change.Now;
        s.ReporterMessagesToForget = true;
        Record(s, change, ComplaintProjections.ReporterDataErasedAction, actor, s.Status, message, EntryVisibility.ReporterAndStaff);
    }
}
