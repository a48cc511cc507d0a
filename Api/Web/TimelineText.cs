using Lapor.Domain.Complaints;

namespace Lapor.Api.Web;

/// <summary>Indonesian words for timeline entries, statuses and deadline steps as the pages show them.</summary>
public static class TimelineText
{
    public static string Action(string action) => action switch
    {
        "submitted" => "Laporan diterima",
        "routed" => "Diteruskan ke instansi (disposisi)",
        "routed-to-unit" => "Diteruskan ke unit kerja",
        "related-agency-added" => "Instansi terkait ditambahkan",
        "related-declined" => "Instansi terkait menolak",
        "related-stopped" => "Salinan instansi terkait dihentikan",
        "related-continued" => "Salinan instansi terkait dilanjutkan",
        "not-our-authority" => "Dikembalikan: bukan wewenang",
        "follow-up" => "Tindak lanjut",
        "resolved" => "Dinyatakan selesai",
        "confirmed" => "Dikonfirmasi pelapor",
        "auto-closed" => "Ditutup otomatis",
        "rated" => "Penilaian pelapor",
        "reopened" => "Dibuka kembali",
        "held" => "Ditunda: menunggu informasi pelapor",
        "information-supplied" => "Informasi dilengkapi pelapor",
        "archived" => "Diarsipkan",
        "reporter-reply" => "Balasan pelapor",
        "escalated" => "Dinaikkan ke instansi di atasnya (eskalasi)",
        "ombudsman-notice" => "Pemberitahuan: jalur Ombudsman RI",
        "national-intervention" => "Ditandai untuk intervensi nasional",
        "deadline-recounted" => "Tenggat dihitung ulang",
        "reporter-data-erased" => "Data pribadi pelapor dihapus",
        "warning-50" => "Peringatan: 50 % batas waktu terpakai",
        "warning-75" => "Peringatan: 75 % batas waktu terpakai",
        _ => action,
    };

    public static string Actor(TimelineEntry entry, IReadOnlyDictionary<string, string> agencyNames)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(agencyNames);
        return entry.ActorRole switch
        {
            ActorRole.Reporter => "Pelapor",
            ActorRole.System => "Sistem",
            _ when entry.ActorAgencyId is { } agency => agencyNames.TryGetValue(agency, out var name) ? name : agency,
            _ => "Petugas",
        };
    }

    public static string Step(DeadlineStep step) => step switch
    {
        DeadlineStep.Verification => "Verifikasi",
        DeadlineStep.HoldExpiry => "Masa tunda",
        DeadlineStep.Rerouting => "Disposisi ulang",
        DeadlineStep.FirstResponse => "Tanggapan pertama",
        DeadlineStep.Resolution => "Penyelesaian",
        DeadlineStep.AutoClose => "Konfirmasi pelapor (ditutup otomatis bila lewat)",
        _ => step.ToString(),
    };
}
