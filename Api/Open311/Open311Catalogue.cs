using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Lapor.Api.Channels;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Microsoft.Extensions.Options;

namespace Lapor.Api.Open311;

/// <summary>One service: an engine category under an Open311 service code.</summary>
public sealed record O311Service(string Code, string Name, string Category, string? Description, string? Group,
    IReadOnlyList<string> Keywords, string? TargetAgencyId);

/// <summary>One jurisdiction: the verifying agency, its default region and its services.</summary>
public sealed record O311Jurisdiction(string Id, string AgencyId, string? RegionCode, bool Batch, IReadOnlyList<O311Service> Services)
{
    private readonly FrozenDictionary<string, O311Service> _byCode =
        Services.ToFrozenDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
    private readonly FrozenDictionary<string, O311Service> _byCategory =
        Services.ToFrozenDictionary(s => s.Category, StringComparer.OrdinalIgnoreCase);

    public O311Service? Service(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The service that files reports under <paramref name="category"/>, if this jurisdiction has one.</summary>
    public O311Service? ForCategory(string? category) => category is null ? null : _byCategory.GetValueOrDefault(category);
}

/// <summary>
/// The jurisdictions and services the Open311 server offers, from <c>Lapor:Open311</c>, checked once at start
/// (an invalid catalogue stops the host with a message naming the setting). Without configuration it is one
/// national jurisdiction (<c>nasional</c>) with the categories most reports fall under.
/// </summary>
public sealed partial class Open311Catalogue
{
    public const string DefaultJurisdiction = "nasional";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,98}[A-Za-z0-9])?$")]
    private static partial Regex JurisdictionPattern();

    [GeneratedRegex(@"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")]
    private static partial Regex RegionPattern();

    private readonly FrozenDictionary<string, O311Jurisdiction> _jurisdictions;

    public Open311Catalogue(IOptions<Open311Options> options)
    {
        var o = options.Value;
        var configured = o.Jurisdictions.Count > 0 ? o.Jurisdictions : Defaults();
        var problems = new List<string>();
        var list = new List<O311Jurisdiction>();
        foreach (var (id, j) in configured)
        {
            var at = $"{Open311Options.Section}:Jurisdictions:{id}";
            if (!JurisdictionPattern().IsMatch(id))
            {
                problems.Add($"{at}: jurisdiction_id hanya huruf, angka, titik dan tanda hubung (mis. malangkota.go.id).");
            }

            if (!Validation.IsSlug(j.AgencyId))
            {
                problems.Add($"{at}:AgencyId wajib berupa kode instansi.");
            }

            if (j.RegionCode is { Length: > 0 } region && !RegionPattern().IsMatch(region))
            {
                problems.Add($"{at}:RegionCode bukan kode wilayah Kemendagri.");
            }

            if (j.Type is not ("realtime" or "batch"))
            {
                problems.Add($"{at}:Type harus realtime atau batch.");
            }

            var services = new List<O311Service>();
            for (var i = 0; i < j.Services.Count; i++)
            {
                var s = j.Services[i];
                var category = string.IsNullOrWhiteSpace(s.Category) ? s.Name.Trim() : s.Category.Trim();
                if (!CodePattern().IsMatch(s.Code))
                {
                    problems.Add($"{at}:Services:{i}:Code hanya huruf, angka, _ dan - (maks. 64).");
                }

                if (s.Name.Trim().Length is < 2 or > 100 || category.Length is < 2 or > 100)
                {
                    problems.Add($"{at}:Services:{i}: Name dan Category 2–100 karakter.");
                }

                if (s.TargetAgencyId is { Length: > 0 } target && !Validation.IsSlug(target))
                {
                    problems.Add($"{at}:Services:{i}:TargetAgencyId bukan kode instansi.");
                }

                services.Add(new O311Service(s.Code, s.Name.Trim(), category, s.Description, s.Group,
                    [.. s.Keywords.Select(k => k.Trim()).Where(k => k.Length > 0)], string.IsNullOrEmpty(s.TargetAgencyId) ? null : s.TargetAgencyId));
            }

            if (services.Count == 0)
            {
                problems.Add($"{at}: paling tidak satu layanan (Services).");
            }

            if (services.DistinctBy(s => s.Code, StringComparer.OrdinalIgnoreCase).Count() != services.Count
                || services.DistinctBy(s => s.Category, StringComparer.OrdinalIgnoreCase).Count() != services.Count)
            {
                problems.Add($"{at}: kode layanan dan kategori masing-masing harus unik.");
            }

            list.Add(new O311Jurisdiction(id, j.AgencyId, string.IsNullOrEmpty(j.RegionCode) ? null : j.RegionCode, j.Type == "batch", services));
        }

        foreach (var (id, client) in o.Clients)
        {
            if (!ChannelIntake.IsKeyHash(client.KeySha256))
            {
                problems.Add($"{Open311Options.Section}:Clients:{id}:KeySha256 harus SHA-256 kunci (64 digit heksadesimal).");
            }
        }

        if (o.EndpointType is not ("production" or "test"))
        {
            problems.Add($"{Open311Options.Section}:EndpointType harus production atau test.");
        }

        if (o.MaxRequests is < 1 or > 1000)
        {
            problems.Add($"{Open311Options.Section}:MaxRequests harus 1 sampai 1000.");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Open311Options.Section, typeof(Open311Options), problems);
        }

        _jurisdictions = list.ToFrozenDictionary(j => j.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<O311Jurisdiction> All => _jurisdictions.Values;

    /// <summary>Only required when the server has more than one jurisdiction (GeoReport v2, "jurisdiction_id").</summary>
    public bool RequiresJurisdictionId => _jurisdictions.Count > 1;

    /// <summary>The jurisdiction asked for, or the only one; an Open311 error (400 not given, 404 unknown) otherwise.</summary>
    public (O311Jurisdiction? Jurisdiction, O311Error? Error) Resolve(string? jurisdictionId)
    {
        if (string.IsNullOrWhiteSpace(jurisdictionId))
        {
            return RequiresJurisdictionId
                ? (null, O311Error.BadRequest("jurisdiction_id was not provided: layanan ini melayani beberapa yurisdiksi, sebutkan jurisdiction_id."))
                : (_jurisdictions.Values.Single(), null);
        }

        return _jurisdictions.TryGetValue(jurisdictionId.Trim(), out var found)
            ? (found, null)
            : (null, O311Error.NotFound("jurisdiction_id provided was not found: yurisdiksi tidak dikenal."));
    }

    private static Dictionary<string, Open311JurisdictionOptions> Defaults()
    {
        static Open311ServiceOptions S(string code, string name, string group, string description, params string[] keywords) =>
            new() { Code = code, Name = name, Group = group, Description = description, Keywords = [.. keywords] };
        return new(StringComparer.OrdinalIgnoreCase)
        {
            [DefaultJurisdiction] = new Open311JurisdictionOptions
            {
                AgencyId = AgencyIds.National,
                Services =
                [
                    S("infrastruktur", "Infrastruktur", "Pembangunan dan Lingkungan", "Jalan, jembatan, penerangan jalan, saluran air dan fasilitas umum yang rusak.",
                        "jalan berlubang", "jembatan", "lampu jalan", "drainase", "trotoar"),
                    S("perhubungan", "Perhubungan", "Pembangunan dan Lingkungan", "Lalu lintas, rambu, parkir dan angkutan umum.",
                        "lampu lalu lintas", "parkir liar", "angkutan umum", "rambu"),
                    S("lingkungan-hidup", "Lingkungan Hidup", "Pembangunan dan Lingkungan", "Sampah, pencemaran, banjir dan kebersihan lingkungan.",
                        "sampah", "pencemaran", "banjir", "kebersihan"),
                    S("kesehatan", "Kesehatan", "Pelayanan Dasar", "Puskesmas, rumah sakit dan jaminan kesehatan.",
                        "puskesmas", "rumah sakit", "BPJS Kesehatan", "obat"),
                    S("pendidikan", "Pendidikan", "Pelayanan Dasar", "Sekolah, penerimaan murid baru dan bantuan pendidikan.",
                        "sekolah", "PPDB", "guru", "beasiswa"),
                    S("sosial", "Sosial", "Pelayanan Dasar", "Bantuan sosial dan perlindungan sosial.",
                        "bansos", "PKH", "BLT", "disabilitas"),
                    S("kependudukan", "Kependudukan", "Administrasi Pemerintahan", "KTP-el, kartu keluarga, akta dan layanan catatan sipil.",
                        "KTP", "kartu keluarga", "akta kelahiran", "dukcapil"),
                    S("perizinan", "Perizinan", "Administrasi Pemerintahan", "Izin usaha, izin bangunan dan layanan perizinan lain.",
                        "izin usaha", "PBG", "OSS"),
                    S("lainnya", "Lainnya", "Lainnya", "Topik lain yang belum tercakup layanan di atas."),
                ],
            },
        };
    }
}
