using System.Globalization;
using System.Text.Json;
using Lapor.Api.Admin;
using Lapor.Api.Auth;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Grains.Indexes;
using Lapor.Hosting;

namespace Lapor.Api.Web.Staff;

/// <summary>
/// The administration pages' door: the agency tree, SLA policies and the calendar through the administration API's
/// handlers, and the local accounts of the embedded default through <see cref="LocalAccounts"/> (as <c>admin create</c>).
/// </summary>
public sealed class WebAdmin(IConfiguration configuration, IAgencyIndex directory, TimeProvider time)
{
    private static AdminServices Services(HttpContext http) => ActivatorUtilities.CreateInstance<AdminServices>(http.RequestServices);

    private readonly DeploymentProfile _profile = DeploymentProfile.From(configuration);

    /// <summary>Local accounts exist here (embedded without OpenID Connect, or configured on).</summary>
    public bool HasLocalAccounts => _profile.OffersLocalAccounts;

    public static async Task<WebOutcome<AgencySummary>> DefineAgencyAsync(HttpContext http, string? id, AgencyRequest request) =>
        WebOutcome<AgencySummary>.From((await AdminApi.DefineAgency(id ?? "", request, Services(http))).Result);

    public static async Task<WebOutcome<AgencySummary>> SetPolicyAsync(HttpContext http, string id, SlaPolicy policy) =>
        WebOutcome<AgencySummary>.From((await AdminApi.SetPolicy(id, policy, Services(http))).Result);

    public static async Task<CalendarOverview> CalendarAsync(HttpContext http) => (await AdminApi.Overview(Services(http))).Value!;

    public static async Task<WebOutcome<CalendarYearView>> YearAsync(HttpContext http, int year) =>
        WebOutcome<CalendarYearView>.From((await AdminApi.GetYear(year, Services(http))).Result);

    /// <summary>Replaces a year's holidays through the API's handler, the body built from the form's lines.</summary>
    public static async Task<WebOutcome<CalendarOverview>> ReplaceYearAsync(HttpContext http, int year, string? source, IReadOnlyList<(DateOnly? Date, string Kind, string Name)> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var body = JsonSerializer.SerializeToElement(new
        {
            year,
            source,
            days = days.Select(d => new { date = d.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = d.Kind, name = d.Name }),
        });
        return WebOutcome<CalendarOverview>.From((await AdminApi.ReplaceYear(year, body, Services(http))).Result);
    }

    public IReadOnlyList<(StaffAccount Account, DateTimeOffset CreatedAt)> Accounts() =>
        HasLocalAccounts ? LocalAccounts.List(_profile.Storage.DataFolder) : [];

    /// <summary>Creates (or resets) a local account; the generated password is in the value, shown once.</summary>
    public async Task<WebOutcome<string>> SaveAccountAsync(string? username, string? name, string? role, string? agencyId, bool reset)
    {
        if (!HasLocalAccounts)
        {
            return WebOutcome<string>.Failed("Akun lokal tidak dipakai di sini: staf masuk lewat penyedia OpenID Connect.", StatusCodes.Status404NotFound);
        }

        var errors = new Dictionary<string, string[]>();
        if (!AdminCommand.IsUsername(username))
        {
            errors["username"] = ["Huruf kecil, angka, titik atau tanda hubung; 2 sampai 64 karakter."];
        }

        if (!reset && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Validation.MaxShort))
        {
            errors["accountName"] = [$"Wajib diisi, paling banyak {Validation.MaxShort} karakter."];
        }

        if (Roles.ToActorRole(role) is null)
        {
            errors["role"] = ["Pilih salah satu peran."];
        }

        if (!Validation.IsSlug(agencyId) || !(await directory.FindAsync([agencyId])).ContainsKey(agencyId))
        {
            errors["agencyId"] = ["Instansi tidak dikenal."];
        }

        var existing = Accounts().Any(a => a.Account.Username == username);
        if (errors.Count == 0 && existing != reset)
        {
            errors["username"] = [reset ? "Akun tidak ditemukan." : "Akun dengan nama pengguna ini sudah ada."];
        }

        if (errors.Count > 0)
        {
            return new WebOutcome<string>(null, errors, Problems.InvalidTitle, StatusCodes.Status400BadRequest);
        }

        var password = LocalAccounts.Create(_profile.Storage.DataFolder, new StaffAccount(username!, name!.Trim(), role!, agencyId!), reset, time.GetUtcNow());
        return WebOutcome<string>.Ok(password);
    }

    /// <summary>The SLA fields as the API names them (their error keys), with Indonesian labels.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> SlaFields =
    [
        ("verification", "Verifikasi dan disposisi"),
        ("firstResponse", "Tanggapan pertama"),
        ("resolutionLight", "Penyelesaian ringan"),
        ("resolutionNormative", "Penyelesaian normatif"),
        ("resolutionNonSupervisory", "Penyelesaian tidak berkadar pengawasan"),
        ("resolutionSupervisory", "Penyelesaian berkadar pengawasan"),
        ("autoClose", "Tutup otomatis setelah selesai"),
        ("holdExpiry", "Masa tunda"),
        ("escalated", "Batas baru setelah eskalasi"),
    ];

    public static SlaLimit? Limit(SlaPolicy policy, string field)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return field switch
        {
            "verification" => policy.Verification,
            "firstResponse" => policy.FirstResponse,
            "resolutionLight" => policy.ResolutionLight,
            "resolutionNormative" => policy.ResolutionNormative,
            "resolutionNonSupervisory" => policy.ResolutionNonSupervisory,
            "resolutionSupervisory" => policy.ResolutionSupervisory,
            "autoClose" => policy.AutoClose,
            "holdExpiry" => policy.HoldExpiry,
            _ => policy.Escalated,
        };
    }

    public static SlaPolicy With(SlaPolicy policy, string field, SlaLimit? limit)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return field switch
        {
            "verification" => policy with { Verification = limit },
            "firstResponse" => policy with { FirstResponse = limit },
            "resolutionLight" => policy with { ResolutionLight = limit },
            "resolutionNormative" => policy with { ResolutionNormative = limit },
            "resolutionNonSupervisory" => policy with { ResolutionNonSupervisory = limit },
            "resolutionSupervisory" => policy with { ResolutionSupervisory = limit },
            "autoClose" => policy with { AutoClose = limit },
            "holdExpiry" => policy with { HoldExpiry = limit },
            _ => policy with { Escalated = limit },
        };
    }
}
