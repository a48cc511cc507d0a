using System.Globalization;
using System.Text;
using Lapor.Domain.Monev;

namespace Lapor.Api.Monev;

/// <summary>CSV that opens cleanly in a spreadsheet: UTF-8 with BOM, CRLF, RFC 4180 quoting.</summary>
public static class MonevCsv
{
    private static readonly (string En, string Id, Func<Indicators, object?> Value)[] Columns =
    [
        ("period", "periode", i => i.Period),
        ("received", "diterima", i => i.Received),
        ("routed", "didisposisikan", i => i.Routed),
        ("assigned", "ditugaskan", i => i.Assigned),
        ("bounced_not_our_authority", "bukan_wewenang", i => i.Bounced),
        ("followed_up", "ditindaklanjuti", i => i.FollowedUp),
        ("followed_up_pct", "persen_ditindaklanjuti", i => i.FollowedUpPercent),
        ("resolved", "selesai", i => i.Resolved),
        ("resolved_pct", "persen_selesai", i => i.ResolvedPercent),
        ("first_response_mean_hours", "tanggapan_pertama_rata_rata_jam", i => i.FirstResponse.MeanHours),
        ("first_response_median_hours", "tanggapan_pertama_median_jam", i => i.FirstResponse.MedianHours),
        ("first_response_p90_hours", "tanggapan_pertama_p90_jam", i => i.FirstResponse.P90Hours),
        ("first_response_mean_working_days", "tanggapan_pertama_rata_rata_hk", i => i.FirstResponse.MeanWorkingDays),
        ("first_response_median_working_days", "tanggapan_pertama_median_hk", i => i.FirstResponse.MedianWorkingDays),
        ("first_response_p90_working_days", "tanggapan_pertama_p90_hk", i => i.FirstResponse.P90WorkingDays),
        ("resolution_mean_hours", "penyelesaian_rata_rata_jam", i => i.Resolution.MeanHours),
        ("resolution_median_hours", "penyelesaian_median_jam", i => i.Resolution.MedianHours),
        ("resolution_p90_hours", "penyelesaian_p90_jam", i => i.Resolution.P90Hours),
        ("resolution_mean_working_days", "penyelesaian_rata_rata_hk", i => i.Resolution.MeanWorkingDays),
        ("resolution_median_working_days", "penyelesaian_median_hk", i => i.Resolution.MedianWorkingDays),
        ("resolution_p90_working_days", "penyelesaian_p90_hk", i => i.Resolution.P90WorkingDays),
        ("sla_verification_pct", "kepatuhan_sla_verifikasi_persen", i => i.SlaCompliancePercent.Verification),
        ("sla_first_response_pct", "kepatuhan_sla_tanggapan_persen", i => i.SlaCompliancePercent.FirstResponse),
        ("sla_resolution_pct", "kepatuhan_sla_penyelesaian_persen", i => i.SlaCompliancePercent.Resolution),
        ("breaches", "pelanggaran_batas_waktu", i => i.Breaches.Values.Sum()),
        ("escalations", "eskalasi", i => i.Escalations),
        ("reopened", "dibuka_kembali", i => i.Reopened),
        ("reopen_rate_pct", "persen_dibuka_kembali", i => i.ReopenRatePercent),
        ("closed", "ditutup", i => i.Closed),
        ("archived", "diarsipkan", i => i.Archived),
        ("ratings", "jumlah_penilaian", i => i.Satisfaction.Count),
        ("satisfaction_avg", "rata_rata_kepuasan", i => i.Satisfaction.Average),
        ("channels", "kanal", i => string.Join("; ", i.Channels.Select(c => $"{c.Key}={c.Value}"))),
        ("categories", "kategori", i => string.Join("; ", i.Categories.Select(c => $"{c.Key}={c.Value}"))),
    ];

    /// <summary>
    /// lang=id: Indonesian headers, ';' separator and decimal comma (what a spreadsheet in the id-ID locale splits
    /// and reads as numbers); otherwise English headers, ',' and a decimal point.
    /// </summary>
    public static byte[] Write(AgencyIndicators report, bool indonesian)
    {
        var separator = indonesian ? ';' : ',';
        var culture = indonesian ? DecimalComma : NumberFormatInfo.InvariantInfo;
        var text = new StringBuilder();
        void Line(IEnumerable<string> cells) => text.Append(string.Join(separator, cells.Select(c => Quote(c, separator)))).Append("\r\n");
        Line(new[] { indonesian ? "instansi" : "agency" }.Concat(Columns.Select(c => indonesian ? c.Id : c.En)));
        foreach (var row in report.Periods.Append(report.Total))
        {
            Line(new[] { report.AgencyId }.Concat(Columns.Select(c => Format(c.Value(row), culture))));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    // Not CultureInfo("id-ID"): the service may run with invariant globalization; only the decimal comma matters here.
    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    private static string Format(object? value, NumberFormatInfo culture) => value switch
    {
        null => "",
        double d => d.ToString("0.###", culture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>RFC 4180: a field with the separator, a quote, CR or LF is quoted, quotes doubled. A leading =, +, - or @
    /// is prefixed with an apostrophe so a spreadsheet never runs it as a formula.</summary>
    public static string Quote(string cell, char separator)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '@' or '-' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
