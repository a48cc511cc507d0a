using Lapor.Domain.Agencies;
using Lapor.Grains.Indexes;

namespace Lapor.Api.Web.Staff;

/// <summary>Indonesian labels of the staff pages' fields (keyed by the API's field names) and of the words they show.</summary>
public static class StaffFields
{
    public static readonly IReadOnlyDictionary<string, string> Labels = WithSla(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["status"] = "Status",
        ["warnedAtLeast"] = "Peringatan tenggat",
        ["overdue"] = "Lewat tenggat",
        ["channel"] = "Kanal",
        ["region"] = "Kode wilayah",
        ["submittedFrom"] = "Diterima sejak",
        ["submittedTo"] = "Diterima sampai",
        ["sort"] = "Urutan",
        ["take"] = "Jumlah per halaman",
        ["cursor"] = "Halaman",
        ["unitId"] = "Unit kerja",
        ["note"] = "Catatan",
        ["resolutionClass"] = "Kelas penyelesaian",
        ["relatedAssignments"] = "Salinan instansi terkait",
        ["If-Match"] = "Versi laporan",
        ["anonymous"] = "Anonim",
        ["confidential"] = "Rahasia",
        ["id"] = "Kode instansi",
        ["parentId"] = "Induk",
        ["level"] = "Tingkat",
        ["zone"] = "Zona waktu",
        ["year"] = "Tahun",
        ["source"] = "Sumber (dasar hukum)",
        ["days"] = "Daftar hari libur",
        ["role"] = "Peran",
        ["reopenWindowDays"] = "Batas buka kembali (hari)",
        ["period"] = "Periode",
        ["from"] = "Dari",
        ["to"] = "Sampai",
        ["scope"] = "Cakupan",
        ["orderBy"] = "Urutan peringkat",
        ["agencyName"] = "Nama instansi",
        ["accountName"] = "Nama lengkap",
    });

    /// <summary>"firstResponse.amount" is "Tanggapan pertama: jumlah".</summary>
    private static Dictionary<string, string> WithSla(Dictionary<string, string> labels)
    {
        foreach (var (field, label) in WebAdmin.SlaFields)
        {
            labels[field + ".amount"] = label + ": jumlah";
            labels[field + ".unit"] = label + ": satuan";
        }

        return labels;
    }

    public static string Level(AgencyLevel level) => level switch
    {
        AgencyLevel.National => "Nasional",
        AgencyLevel.Ministry => "Kementerian/Lembaga",
        AgencyLevel.Province => "Provinsi",
        AgencyLevel.RegencyCity => "Kabupaten/Kota",
        AgencyLevel.Unit => "Unit kerja/OPD",
        _ => level.ToString(),
    };

    public static string Sort(InboxSort sort) => sort switch
    {
        InboxSort.Due => "Tenggat terdekat",
        InboxSort.Oldest => "Terlama",
        InboxSort.Newest => "Terbaru",
        _ => sort.ToString(),
    };

    public static string Role(InboxRole role) => role switch
    {
        InboxRole.Verification => "Verifikasi",
        InboxRole.Primary => "Penanggung jawab",
        InboxRole.Related => "Instansi terkait",
        InboxRole.Escalated => "Eskalasi",
        _ => role.ToString(),
    };

    public static string Resolution(ResolutionClass c) => c switch
    {
        ResolutionClass.Light => "Ringan (2 hari kerja)",
        ResolutionClass.Normative => "Normatif (5 hari kerja)",
        ResolutionClass.NonSupervisory => "Tidak berkadar pengawasan (14 hari kerja)",
        ResolutionClass.Supervisory => "Berkadar pengawasan (60 hari kerja)",
        _ => c.ToString(),
    };

    /// <summary>camelCase as the API's query strings spell enum names.</summary>
    public static string Name<T>(T value) where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
