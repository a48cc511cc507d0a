using System.Globalization;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Web;

/// <summary>
/// Dates and times as id-ID writes them ("Jumat, 27 Maret 2026 pukul 00.00 WIB"), in the agency's zone. Written out
/// here because the host runs with invariant globalization (no ICU culture data), so CultureInfo("id-ID") is absent.
/// </summary>
public static class IdFormat
{
    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    private static readonly string[] Days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

    public static string Date(DateOnly date) =>
        $"{date.Day.ToString(CultureInfo.InvariantCulture)} {Months[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"Jumat, 27 Maret 2026 pukul 00.00 WIB".</summary>
    public static string DateTime(DateTimeOffset instant, AgencyZone zone)
    {
        var local = IndonesianZones.ToLocal(instant, zone);
        return $"{Days[(int)local.DayOfWeek]}, {Date(DateOnly.FromDateTime(local.DateTime))} pukul " +
            $"{local.ToString("HH.mm", CultureInfo.InvariantCulture)} {IndonesianZones.Label(zone)}";
    }

    public static string Number(double? value, int decimals = 2) =>
        value is { } v ? v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            .Replace(",", "\u0001", StringComparison.Ordinal).Replace(".", ",", StringComparison.Ordinal).Replace("\u0001", ".", StringComparison.Ordinal) : "–";

    /// <summary>A file size as people read it: "820 KB", "3,4 MB".</summary>
    public static string Size(long bytes) =>
        bytes < 1024 * 1024 ? $"{Number(Math.Max(1, bytes / 1024.0), 0)} KB" : $"{Number(bytes / (1024.0 * 1024.0), 1)} MB";

    public static string Kind(ReportKind kind) => kind switch
    {
        ReportKind.Complaint => "Pengaduan",
        ReportKind.Aspiration => "Aspirasi",
        ReportKind.InformationRequest => "Permintaan informasi",
        _ => kind.ToString(),
    };

    public static string Channel(Channel channel) => channel switch
    {
        Domain.Complaints.Channel.Web => "Situs web",
        Domain.Complaints.Channel.Mobile => "Aplikasi seluler",
        Domain.Complaints.Channel.Sms => "SMS 1708",
        Domain.Complaints.Channel.SocialMedia => "Media sosial",
        Domain.Complaints.Channel.LocalIntegration => "Kanal daerah",
        Domain.Complaints.Channel.QrCode => "Kode QR titik layanan",
        Domain.Complaints.Channel.Open311 => "Open311",
        _ => channel.ToString(),
    };
}
