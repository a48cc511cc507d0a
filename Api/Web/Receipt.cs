using System.Text;
using Lapor.Api.Contracts;
using Lapor.Domain.Calendar;

namespace Lapor.Api.Web;

/// <summary>
/// The receipt a reporter downloads once: the code, the secret and where to track. Built in the page as a data
/// address, so the secret is never stored on the server nor sent to it again.
/// </summary>
public static class Receipt
{
    public static string Text(SubmitResponse done, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(http);
        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        var text = new StringBuilder()
            .AppendLine("TANDA TERIMA LAPORAN — LAPOR!")
            .AppendLine("==============================")
            .AppendLine($"Judul          : {done.Complaint.Title}")
            .AppendLine($"Diterima       : {IdFormat.DateTime(done.Complaint.SubmittedAt, AgencyZone.Wib)}")
            .AppendLine($"Kode pelacakan : {done.TrackingCode}")
            .AppendLine($"Kata rahasia   : {done.Secret}")
            .AppendLine()
            .AppendLine($"Lacak laporan Anda di {site}/lacak dengan kode dan kata rahasia di atas.")
            .AppendLine("Simpan tanda terima ini. Jangan bagikan kata rahasia kepada siapa pun, termasuk petugas.");
        return text.ToString();
    }

    public static string DataUri(SubmitResponse done, HttpContext http) =>
        "data:text/plain;charset=utf-8," + Uri.EscapeDataString(Text(done, http));
}
