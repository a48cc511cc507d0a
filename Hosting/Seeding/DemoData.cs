using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Grains;
using Lapor.Grains.Agencies;

namespace Lapor.Hosting.Seeding;

/// <summary>
/// The demo tree of the embedded default (issue: "Admin Nasional, Provinsi Jawa Timur, Kota Malang with a few OPD
/// units, one ministry"). Demo accounts that belong to these agencies are defined by the API's development tokens.
/// </summary>
public sealed class DemoData
{
    public static readonly IReadOnlyList<AgencyProfile> Agencies =
    [
        new("kemendikdasmen", "Kementerian Pendidikan Dasar dan Menengah", AgencyLevel.Ministry, AgencyIds.National, AgencyZone.Wib, new SlaPolicy()),
        new("prov-jatim", "Pemerintah Provinsi Jawa Timur", AgencyLevel.Province, AgencyIds.National, AgencyZone.Wib, new SlaPolicy()),
        new("kota-malang", "Pemerintah Kota Malang", AgencyLevel.RegencyCity, "prov-jatim", AgencyZone.Wib, new SlaPolicy()),
        new("malang-dishub", "Dinas Perhubungan Kota Malang", AgencyLevel.Unit, "kota-malang", AgencyZone.Wib, new SlaPolicy()),
        new("malang-dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang Kota Malang", AgencyLevel.Unit, "kota-malang", AgencyZone.Wib, new SlaPolicy()),
        new("malang-dispendukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Malang", AgencyLevel.Unit, "kota-malang", AgencyZone.Wib, new SlaPolicy()),
        new("malang-dinkes", "Dinas Kesehatan Kota Malang", AgencyLevel.Unit, "kota-malang", AgencyZone.Wib, new SlaPolicy()),
    ];

    public async Task LoadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        foreach (var profile in Agencies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var agency = grains.Reference<IAgencyGrain>(profile.Id);
            if (await agency.GetSummary() is null)
            {
                await agency.Define(profile);
            }
        }
    }
}
