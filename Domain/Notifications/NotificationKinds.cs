namespace Lapor.Domain.Notifications;

/// <summary>The events a subscription can ask for (docs/operations.md, "Notifications"), and the reporter's and SMS ones.</summary>
public static class NotificationKinds
{
    public const string Routed = "routed";
    public const string RelatedAssigned = "related-assigned";
    public const string Warning50 = "warning-50";
    public const string Warning75 = "warning-75";
    public const string Breach = "breach";
    public const string Escalated = "escalated";
    public const string NationalIntervention = "national-intervention";
    public const string ReporterReplied = "reporter-replied";
    public const string Reopened = "reopened";
    public const string Rated = "rated";

    /// <summary>To the reporter who left an e-mail address and asked to be told (never to agencies).</summary>
    public const string StatusChanged = "status-changed";

    /// <summary>An answer to an SMS sender through the gateway's outbound webhook.</summary>
    public const string SmsAnswer = "sms-answer";

    /// <summary>What an agency may subscribe to.</summary>
    public static IReadOnlyList<string> AgencyEvents { get; } =
        [Routed, RelatedAssigned, Warning50, Warning75, Breach, Escalated, NationalIntervention, ReporterReplied, Reopened, Rated];

    public static string Label(string kind) => kind switch
    {
        Routed => "Laporan didisposisikan ke instansi Anda",
        RelatedAssigned => "Instansi Anda menerima tembusan laporan (instansi terkait)",
        Warning50 => "Peringatan: 50% batas waktu telah berlalu",
        Warning75 => "Peringatan: 75% batas waktu telah berlalu",
        Breach => "Batas waktu terlewati",
        Escalated => "Laporan dieskalasi ke instansi Anda",
        NationalIntervention => "Laporan ditandai untuk intervensi nasional",
        ReporterReplied => "Pelapor mengirim balasan",
        Reopened => "Laporan dibuka kembali oleh pelapor",
        Rated => "Pelapor memberi penilaian",
        StatusChanged => "Status laporan Anda berubah",
        SmsAnswer => "Jawaban SMS",
        _ => kind,
    };
}
