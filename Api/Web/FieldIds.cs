namespace Lapor.Api.Web;

/// <summary>
/// The form fields by the JSON path the API names in its errors ("location.regionCode"): the input's id in the page
/// and its Indonesian label in the error summary.
/// </summary>
public static class FieldIds
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["kind"] = "Jenis laporan",
        ["title"] = "Judul",
        ["body"] = "Isi laporan",
        ["incidentDate"] = "Tanggal kejadian",
        ["location"] = "Lokasi",
        ["location.regionCode"] = "Kode wilayah",
        ["location.description"] = "Keterangan lokasi",
        ["category"] = "Kategori",
        ["targetAgencyId"] = "Instansi tujuan",
        ["reporter.name"] = "Nama",
        ["reporter.email"] = "Surel",
        ["reporter.phone"] = "Nomor telepon",
        ["attachmentIds"] = "Lampiran",
        ["Idempotency-Key"] = "Formulir",
        ["code"] = "Kode pelacakan",
        ["secret"] = "Kata rahasia",
        ["message"] = "Pesan",
        ["reason"] = "Alasan",
        ["rating"] = "Penilaian",
        ["comment"] = "Komentar",
        ["confirmErase"] = "Hapus data pribadi",
        ["username"] = "Nama pengguna",
        ["password"] = "Kata sandi",
        ["name"] = "Nama titik layanan",
        ["address"] = "Alamat",
        ["agencyId"] = "Instansi",
    };

    /// <summary>"location.regionCode" becomes "f-location-regionCode".</summary>
    public static string Id(string field) => "f-" + new string([.. (field ?? "").Select(c => char.IsLetterOrDigit(c) ? c : '-')]);

    public static string Label(string field) => Labels.TryGetValue(field, out var label) ? label
        : Staff.StaffFields.Labels.TryGetValue(field, out var staff) ? staff : field;

    /// <summary>aria-describedby for an input: its hint and, when wrong, its error message.</summary>
    public static string? DescribedBy(string field, IReadOnlyDictionary<string, string[]> errors, bool hint = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var ids = new List<string>();
        if (hint)
        {
            ids.Add(Id(field) + "-petunjuk");
        }

        if (errors.ContainsKey(field))
        {
            ids.Add(Id(field) + "-galat");
        }

        return ids.Count > 0 ? string.Join(' ', ids) : null;
    }
}
