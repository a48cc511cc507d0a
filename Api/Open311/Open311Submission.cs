using System.Globalization;
using System.Text.RegularExpressions;
using Lapor.Api.Channels;
using Lapor.Api.Contracts;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;
using Microsoft.Extensions.Primitives;

namespace Lapor.Api.Open311;

/// <summary>
/// The attributes every service definition carries (GeoReport v2 "service definition"), and how a POST request's
/// arguments become the engine's submission. Defined once here so the definition and the parser cannot drift.
/// </summary>
public static partial class Open311Submission
{
    public const string LocationHint = "petunjuk_lokasi";
    public const string Kind = "jenis";
    public const string Title = "judul";
    public const string IncidentDate = "tanggal_kejadian";
    public const string Anonymous = "anonim";
    public const string Confidential = "rahasia";

    private static readonly (string Key, string Name, ReportKind Kind)[] Kinds =
    [
        ("pengaduan", "Pengaduan", ReportKind.Complaint),
        ("aspirasi", "Aspirasi", ReportKind.Aspiration),
        ("permintaan-informasi", "Permintaan informasi", ReportKind.InformationRequest),
    ];

    private static readonly (string Key, string Name)[] YesNo = [("tidak", "Tidak"), ("ya", "Ya")];

    [GeneratedRegex(@"^attribute\[([^\[\]]{1,64})\](\[\])?$")]
    private static partial Regex AttributePattern();

    /// <summary>The service definition of <paramref name="service"/> in <paramref name="jurisdiction"/>.</summary>
    public static O311Object Definition(O311Jurisdiction jurisdiction, O311Service service)
    {
        var location = jurisdiction.RegionCode is { } region
            ? $"Lokasi: kirim lat dan long, address_string (alamat atau patokan), atau address_id berupa kode wilayah Kemendagri. Tanpa address_id, laporan dicatat di wilayah {region}."
            : "Lokasi: address_id wajib berupa kode wilayah Kemendagri (mis. 35.73 untuk Kota Malang); lat dan long serta address_string melengkapinya.";
        return new O311Object("service_definition",
        [
            new O311Value("service_code", service.Code),
            new O311List("attributes",
            [
                Attribute(false, LocationHint, "string", false, null, 1, location),
                Attribute(true, Kind, "singlevaluelist", false, null, 2, "Jenis laporan; pengaduan bila tidak diisi.",
                    [.. Kinds.Select(k => (k.Key, k.Name))]),
                Attribute(true, Title, "string", false, "5–200 karakter", 3,
                    "Judul singkat laporan. Bila kosong, diambil dari baris pertama deskripsi."),
                Attribute(true, IncidentDate, "datetime", false, "Tanggal (2026-11-20) atau tanggal-waktu W3C", 4,
                    "Tanggal kejadian; hari ini bila tidak diisi. Tidak boleh di masa depan."),
                Attribute(true, Anonymous, "singlevaluelist", false, null, 5,
                    "Anonim: identitas pelapor (nama, surel, telepon) tidak ditampilkan kepada petugas mana pun.", YesNo),
                Attribute(true, Confidential, "singlevaluelist", false, null, 6,
                    "Rahasia: isi laporan tidak pernah ditampilkan kepada publik.", YesNo),
            ]),
        ]);
    }

    private static O311Object Attribute(bool variable, string code, string datatype, bool required, string? datatypeDescription,
        int order, string description, IReadOnlyList<(string Key, string Name)>? values = null)
    {
        List<O311Node> children =
        [
            new O311Value("variable", variable),
            new O311Value("code", code),
            new O311Value("datatype", datatype),
            new O311Value("required", required),
            new O311Value("datatype_description", datatypeDescription),
            new O311Value("order", order),
            new O311Value("description", description),
        ];
        if (values is not null)
        {
            children.Add(new O311List("values",
                [.. values.Select(v => new O311Object("value", [new O311Value("key", v.Key), new O311Value("name", v.Name)]))]));
        }

        return new O311Object("attribute", children);
    }

    /// <summary>What a POST request asks for, or the Open311 errors that refuse it (400, each naming its argument).</summary>
    public sealed record Parsed(SubmitRequest Request, IReadOnlyList<O311Error> Errors);

    public static Parsed Parse(IFormCollection form, O311Jurisdiction jurisdiction, O311Service service, AgencyZone zone, DateTimeOffset now)
    {
        var errors = new List<O311Error>();
        void Bad(string field, string message) => errors.Add(O311Error.BadRequest($"{field}: {message}"));
        string? Text(string name) => form.TryGetValue(name, out var v) && !StringValues.IsNullOrEmpty(v) ? v.ToString().Trim() : null;

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (!key.StartsWith("attribute", StringComparison.Ordinal))
            {
                continue;
            }

            var match = AttributePattern().Match(key);
            var code = match.Success ? match.Groups[1].Value : null;
            if (code is null || code is not (Kind or Title or IncidentDate or Anonymous or Confidential or LocationHint))
            {
                Bad(key, "atribut tidak dikenal untuk layanan ini (lihat definisi layanan).");
            }
            else if (match.Groups[2].Success || value.Count > 1)
            {
                Bad(key, "atribut ini hanya menerima satu nilai.");
            }
            else if (code != LocationHint && value.ToString().Trim() is { Length: > 0 } text)
            {
                attributes[code] = text;
            }
        }

        var description = Text("description");
        if (description is null)
        {
            Bad("description", "required field description was not provided: uraian laporan wajib diisi (10–4000 karakter).");
        }
        else if (description.Length > Open311Requests.MaxDescription)
        {
            Bad("description", "paling banyak 4000 karakter.");
        }

        double? lat = null, lon = null;
        if (Text("lat") is { } latText)
        {
            lat = Number("lat", latText);
        }

        if (Text("long") is { } longText)
        {
            lon = Number("long", longText);
        }

        double? Number(string field, string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
            {
                return n;
            }

            Bad(field, "bukan angka desimal (WGS84).");
            return null;
        }

        var addressString = Text("address_string");
        var addressId = Text("address_id");
        if ((lat is null || lon is null) && addressString is null && addressId is null && errors.Count == 0)
        {
            Bad("lat", "lokasi wajib: kirim lat dan long, address_string, atau address_id.");
        }

        var regionCode = addressId ?? jurisdiction.RegionCode;
        if (regionCode is null)
        {
            Bad("address_id", "kode wilayah Kemendagri wajib di yurisdiksi ini (mis. 35.73).");
        }

        ReportKind kind = ReportKind.Complaint;
        if (attributes.TryGetValue(Kind, out var kindKey))
        {
            var found = Kinds.FirstOrDefault(k => k.Key == kindKey);
            if (found.Key is null)
            {
                Bad($"attribute[{Kind}]", "pilih pengaduan, aspirasi atau permintaan-informasi.");
            }
            else
            {
                kind = found.Kind;
            }
        }

        var today = IndonesianZones.LocalDate(now, zone);
        var incident = today;
        if (attributes.TryGetValue(IncidentDate, out var dateText))
        {
            if (O311Dates.TryParse(dateText, zone, out var at))
            {
                incident = IndonesianZones.LocalDate(at, zone);
            }
            else
            {
                Bad($"attribute[{IncidentDate}]", "bukan tanggal W3C (mis. 2026-11-20 atau 2026-11-20T08:00:00+07:00).");
            }
        }

        bool? Flag(string code)
        {
            if (!attributes.TryGetValue(code, out var flag))
            {
                return null;
            }

            switch (flag)
            {
                case "ya" or "true":
                    return true;
                case "tidak" or "false":
                    return false;
                default:
                    Bad($"attribute[{code}]", "pilih ya atau tidak.");
                    return null;
            }
        }

        var anonymous = Flag(Anonymous);
        var confidential = Flag(Confidential);

        var body = description ?? "";
        if (Text("media_url") is { } media)
        {
            if (media.Length > 500 || !Uri.TryCreate(media, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                Bad("media_url", "harus alamat http(s) lengkap, paling banyak 500 karakter.");
            }
            else
            {
                // The engine stores text only; the link stays with the chronology for the officers.
                body += "\n\nTautan media: " + uri.AbsoluteUri;
            }
        }

        var name = string.Join(' ', new[] { Text("first_name"), Text("last_name") }.Where(n => n is not null));
        var email = Text("email");
        var phone = Text("phone");
        var reporter = name.Length == 0 && email is null && phone is null ? null : new ReporterRequest(name.Length == 0 ? null : name, email, phone);

        var title = attributes.GetValueOrDefault(Title) ?? ChannelIntake.TitleFrom(description, service.Name);
        var request = new SubmitRequest(kind, title, body, incident,
            new LocationRequest(regionCode, lat, lon, addressString), service.Category, Channel.Open311,
            anonymous, confidential, service.TargetAgencyId ?? jurisdiction.AgencyId, reporter);
        return new Parsed(request, errors);
    }

    /// <summary>The Open311 argument a field of the engine's validation came from.</summary>
    public static string ArgumentOf(string field, bool titleGiven) => field switch
    {
        "title" => titleGiven ? $"attribute[{Title}]" : "description",
        "body" => "description",
        "kind" => $"attribute[{Kind}]",
        "category" => "service_code",
        "incidentDate" => $"attribute[{IncidentDate}]",
        "location" or "location.regionCode" => "address_id",
        "location.latitude" => "lat",
        "location.longitude" => "long",
        "location.description" => "address_string",
        "targetAgencyId" => "jurisdiction_id",
        "reporter.name" => "first_name",
        "reporter.email" => "email",
        "reporter.phone" => "phone",
        _ => field,
    };
}
