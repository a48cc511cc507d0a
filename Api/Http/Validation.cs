using System.Text.RegularExpressions;
using Lapor.Api.Contracts;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Http;

/// <summary>
/// Checks request bodies field by field and builds domain commands. Error keys are the JSON field paths the client
/// sent (camelCase), messages are Indonesian.
/// </summary>
public static partial class Validation
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20_000;
    public const int MaxMessage = 10_000;
    public const int MaxShort = 200;

    [GeneratedRegex(@"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")]
    private static partial Regex RegionCodePattern();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();

    public static bool IsEmail(string? value) => value is not null && value.Length <= 254 && EmailPattern().IsMatch(value);

    [GeneratedRegex(@"^\+?[0-9]{6,15}$")]
    private static partial Regex PhonePattern();

    public static bool IsSlug([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) => value is not null && SlugPattern().IsMatch(value);

    /// <summary>
    /// The JSON path of the first string (value or property name) that is not valid Unicode, e.g. a lone surrogate
    /// escape (<c>"\ud83d"</c>), which parses as JSON but cannot be read as text; null when every string is fine.
    /// </summary>
    public static string? FindInvalidText(System.Text.Json.JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path.Length == 0 ? "body" : path;
                }

            case System.Text.Json.JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path.Length == 0 ? "body" : path;
                    }

                    if (FindInvalidText(property.Value, path.Length == 0 ? name : path + "." + name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    public sealed class Errors
    {
        private readonly List<(string Field, string Message)> _list = [];

        public bool Any => _list.Count > 0;
        public IReadOnlyList<(string Field, string Message)> List => _list;

        public void Add(string field, string message) => _list.Add((field, message));

        /// <summary>Required text: trimmed, within length, no control characters but newlines and tabs.</summary>
        public string Text(string field, string? value, int min, int max, bool required = true)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add(field, "Wajib diisi.");
                }

                return "";
            }

            var text = value.Trim();
            if (text.Length < min || text.Length > max)
            {
                Add(field, $"Panjang harus {min} sampai {max} karakter.");
            }
            else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                Add(field, "Mengandung karakter kontrol yang tidak diizinkan.");
            }

            return text;
        }

        public string? OptionalText(string field, string? value, int max) =>
            string.IsNullOrWhiteSpace(value) ? null : Text(field, value, 1, max);

        public string? Slug(string field, string? value, bool required)
        {
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                {
                    Add(field, "Wajib diisi.");
                }

                return null;
            }

            if (!IsSlug(value))
            {
                Add(field, "Kode instansi hanya huruf kecil, angka dan tanda hubung (maks. 64).");
            }

            return value;
        }
    }

    public static (SubmitComplaint? Command, Errors Errors) Submission(SubmitRequest? r, DateOnly todayInIndonesia)
    {
        var e = new Errors();
        if (r is null)
        {
            e.Add("body", "Isi permintaan wajib berupa objek JSON.");
            return (null, e);
        }

        if (r.Kind is null)
        {
            e.Add("kind", "Wajib diisi: complaint, aspiration atau informationRequest.");
        }

        var title = e.Text("title", r.Title, 5, MaxTitle);
        var body = e.Text("body", r.Body, 10, MaxBody);
        var category = e.Text("category", r.Category, 2, 100);
        if (r.IncidentDate is not { } incident)
        {
            e.Add("incidentDate", "Wajib diisi (yyyy-MM-dd).");
        }
        else if (incident > todayInIndonesia.AddDays(1))
        {
            e.Add("incidentDate", "Tanggal kejadian tidak boleh di masa depan.");
        }
        else if (incident.Year < 1945)
        {
            e.Add("incidentDate", "Tanggal kejadian tidak masuk akal.");
        }

        Location? location = null;
        if (r.Location is not { } loc)
        {
            e.Add("location", "Wajib diisi (paling tidak regionCode).");
        }
        else
        {
            if (loc.RegionCode is null || !RegionCodePattern().IsMatch(loc.RegionCode))
            {
                e.Add("location.regionCode", "Kode wilayah Kemendagri, misalnya 35 atau 35.73 atau 35.73.01.1001.");
            }

            if ((loc.Latitude is null) != (loc.Longitude is null))
            {
                e.Add("location.latitude", "Lintang dan bujur diisi keduanya atau tidak sama sekali.");
            }
            else if (loc.Latitude is { } lat && (double.IsNaN(lat) || lat < -11.5 || lat > 6.5))
            {
                e.Add("location.latitude", "Lintang di luar wilayah Indonesia.");
            }
            else if (loc.Longitude is { } lon && (double.IsNaN(lon) || lon < 94 || lon > 141.5))
            {
                e.Add("location.longitude", "Bujur di luar wilayah Indonesia.");
            }

            location = new Location(loc.RegionCode ?? "", loc.Latitude, loc.Longitude, e.OptionalText("location.description", loc.Description, MaxShort));
        }

        var target = e.Slug("targetAgencyId", r.TargetAgencyId, required: false);
        ReporterContact? contact = null;
        if (r.Reporter is { } rep)
        {
            var name = e.OptionalText("reporter.name", rep.Name, 100);
            var email = e.OptionalText("reporter.email", rep.Email, 254);
            if (email is not null && !EmailPattern().IsMatch(email))
            {
                e.Add("reporter.email", "Alamat surel tidak valid.");
            }

            var phone = rep.Phone?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (!string.IsNullOrEmpty(phone) && !PhonePattern().IsMatch(phone))
            {
                e.Add("reporter.phone", "Nomor telepon 6–15 angka, boleh diawali +.");
            }

            if (rep.NotifyStatus == true && email is null)
            {
                e.Add("reporter.notifyStatus", "Pemberitahuan status memerlukan alamat surel (reporter.email).");
            }

            contact = name is null && email is null && string.IsNullOrEmpty(phone)
                ? null
                : new ReporterContact(name, email, string.IsNullOrEmpty(phone) ? null : phone) { NotifyStatus = rep.NotifyStatus == true };
        }

        if (e.Any)
        {
            return (null, e);
        }

        var report = new ReportData
        {
            Kind = r.Kind!.Value,
            Title = title,
            Body = body,
            IncidentDate = r.IncidentDate!.Value,
            Location = location!,
            Category = category,
            Channel = r.Channel ?? Channel.Web,
            Anonymous = r.Anonymous ?? false,
            Confidential = r.Confidential ?? false,
            TargetAgencyId = target,
        };
        return (new SubmitComplaint(report, contact, "", ""), e);
    }
}
