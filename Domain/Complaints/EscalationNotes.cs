
namespace Lapor.Domain.Complaints;

/// <summary>
/// Why a missed deadline escalated, appended to the escalation's timeline line. A complaint that only ever gets
/// follow-ups is never closed by them: its resolution clock runs on and escalates, and the line says so.
/// </summary>
public static class EscalationNotes
{
    public static string Why(DeadlineClock missed, DeadlineClock? next)
    {
        ArgumentNullException.ThrowIfNull(missed);
        if (missed.Step != DeadlineStep.Resolution)
        {
            return "";
        }

        var why = missed.Rule == DeadlineRule.Ceiling
            ? " Laporan sudah ditindaklanjuti tetapi belum diselesaikan dalam 60 hari sejak berkas lengkap (Perpres 76/2013)."
            : " Laporan sudah ditindaklanjuti tetapi belum diselesaikan dalam batas waktu penyelesaian.";
        if (next is { Rule: DeadlineRule.CeilingPassed } && missed.Rule != DeadlineRule.Ceiling)
        {
            why += " Batas 60 hari sejak berkas lengkap (Perpres 76/2013) juga sudah terlewati.";
        }

        return why;
    }
}
