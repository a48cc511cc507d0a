using Lapor.Domain.Complaints;

namespace Lapor.Api.Web.Staff;

/// <summary>
/// One staff action of the complaint page: its form name, the API route it posts through, the domain action whose
/// guard-table row (who, from which status) decides whether it is offered, and what the form asks for (files too when
/// <paramref name="TakesFiles"/>: the API request carries <c>attachmentIds</c>).
/// </summary>
public sealed record StaffAction(string Name, string Label, string Pattern, Type ActionType, StaffActionField Field, string Button, string Explanation,
    bool TakesFiles = false);

/// <summary>What a staff action's form asks for besides the version.</summary>
public enum StaffActionField
{
    /// <summary>"message" (hold, follow-up, resolve).</summary>
    Message,
    /// <summary>"reason" (archive, not our authority).</summary>
    Reason,
    /// <summary>"agencyId", resolution class, note, redaction (route).</summary>
    Route,
    /// <summary>"unitId" and a note (route to unit).</summary>
    Unit,
    /// <summary>"agencyId" and a note (related agency).</summary>
    Related,
}

/// <summary>The complaint page's actions, in the order an officer meets them.</summary>
public static class StaffActions
{
    public static readonly IReadOnlyList<StaffAction> All =
    [
        new("follow-up", "Tindak lanjut", "/api/complaints/{code}/follow-ups", typeof(FollowUpAction), StaffActionField.Message, "Kirim tindak lanjut",
            "Tanggapan kepada pelapor; yang pertama menghentikan tenggat tanggapan pertama.", TakesFiles: true),
        new("resolve", "Nyatakan selesai", "/api/complaints/{code}/resolution", typeof(ResolveAction), StaffActionField.Message, "Nyatakan selesai",
            "Pelapor diminta mengonfirmasi; tanpa jawaban laporan ditutup otomatis.", TakesFiles: true),
        new("route", "Verifikasi dan disposisi", "/api/complaints/{code}/route", typeof(RouteAction), StaffActionField.Route, "Disposisikan",
            "Teruskan ke instansi yang berwenang; tenggat penyelesaian mulai berjalan."),
        new("route-to-unit", "Teruskan ke unit kerja", "/api/complaints/{code}/route-to-unit", typeof(RouteToUnitAction), StaffActionField.Unit, "Teruskan ke unit",
            "Unit bekerja di dalam tenggat instansi yang sedang berjalan."),
        new("related", "Tambah instansi terkait", "/api/complaints/{code}/related-agencies", typeof(AddRelatedAgencyAction), StaffActionField.Related, "Tambahkan",
            "Instansi terkait mendapat salinan dengan tenggatnya sendiri."),
        new("hold", "Tunda: minta informasi", "/api/complaints/{code}/hold", typeof(HoldAction), StaffActionField.Message, "Tunda dan minta informasi",
            "Tenggat verifikasi berhenti sampai pelapor melengkapi informasi."),
        new("not-our-authority", "Bukan wewenang", "/api/complaints/{code}/not-our-authority", typeof(NotOurAuthorityAction), StaffActionField.Reason, "Kembalikan",
            "Laporan kembali ke Admin Nasional untuk disposisi ulang."),
        new("archive", "Arsipkan", "/api/complaints/{code}/archive", typeof(ArchiveAction), StaffActionField.Reason, "Arsipkan",
            "Laporan yang tidak dapat ditindaklanjuti diarsipkan dengan alasan."),
    ];

    public static StaffAction? Find(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>Whether the guard table lets this role take the action in this status (docs/domain.md §3.2).</summary>
    public static bool GuardAllows(StaffAction action, ActorRole role, ComplaintStatus status)
    {
        ArgumentNullException.ThrowIfNull(action);
        var rule = ComplaintRules.ByAction[action.ActionType];
        return rule.Roles.Contains(role) && rule.States.Contains(status);
    }
}

/// <summary>The fields of every action form of the complaint page (one form posts at a time).</summary>
public sealed class StaffActionForm
{
    public string? Action { get; set; }
    public int? Version { get; set; }
    public string? Text { get; set; }
    public string? AgencyId { get; set; }

    /// <summary>The agency picker's search text and its button (a post that searches instead of acting).</summary>
    public string? AgencySearch { get; set; }
    public string? FindAgency { get; set; }
    public string? Note { get; set; }
    public string? ResolutionClass { get; set; }
    public string? Related { get; set; }
    public bool Anonymous { get; set; }
    public bool Confidential { get; set; }

    /// <summary>Files an earlier post of this form already stored (see <see cref="WebAttachments"/>).</summary>
    public string? Staged { get; set; }
}
