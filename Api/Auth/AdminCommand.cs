using System.Text.RegularExpressions;
using Lapor.Api.Http;
using Lapor.Domain.Agencies;
using Lapor.Hosting;

namespace Lapor.Api.Auth;

/// <summary>
/// <c>admin create [--username admin] [--name "..."] [--role national-admin] [--agency nasional] [--reset]</c>:
/// creates a local staff account and prints its generated password once. The way to the first Admin Nasional on an
/// install that is not a demo and has no OpenID Connect authority.
/// </summary>
public static partial class AdminCommand
{
    public static bool TryRun(string[] args, IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length < 2 || args[0] != "admin")
        {
            return false;
        }

        Environment.ExitCode = Run(args[1], configuration, output);
        return true;
    }

    private static int Run(string verb, IConfiguration configuration, TextWriter output)
    {
        if (verb != "create")
        {
            output.WriteLine("Pemakaian / usage: admin create [--username admin] [--name \"Admin Nasional\"] [--role national-admin|agency-admin|officer|overseer] [--agency nasional] [--reset true]");
            return 2;
        }

        var profile = DeploymentProfile.From(configuration);
        if (!profile.OffersLocalAccounts)
        {
            output.WriteLine("Akun lokal tidak dipakai di sini: staf masuk lewat penyedia OpenID Connect (Lapor:Auth:Authority). / "
                + "Local accounts are off here: staff sign in through the OpenID Connect authority (or set Lapor:Auth:LocalAccounts=true).");
            return 1;
        }

        var username = configuration["username"] ?? "admin";
        var role = configuration["role"] ?? Roles.NationalAdmin;
        var agency = configuration["agency"] ?? AgencyIds.National;
        var name = configuration["name"] ?? (role == Roles.NationalAdmin ? "Admin Nasional" : username);
        if (!UsernamePattern().IsMatch(username) || Roles.ToActorRole(role) is null || !Validation.IsSlug(agency))
        {
            output.WriteLine("Nama pengguna: huruf kecil, angka, titik, tanda hubung (2–64); peran: national-admin, agency-admin, officer atau overseer; instansi: kode instansi.");
            return 2;
        }

        try
        {
            var password = LocalAccounts.Create(profile.Storage.DataFolder, new StaffAccount(username, name, role, agency),
                configuration.GetValue<bool>("reset"), TimeProvider.System.GetUtcNow());
            output.WriteLine($"Akun dibuat / account created: {username} ({role}, {agency})");
            output.WriteLine($"Kata sandi / password: {password}");
            output.WriteLine("Kata sandi ini hanya ditampilkan sekali ini; simpan sekarang. / Shown only this once; keep it now.");
            output.WriteLine($"Masuk / sign in: POST {SignInApi.TokenPath} {{\"username\":\"{username}\",\"password\":\"...\"}}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>The rule for a local account's username (also the administration page's).</summary>
    public static bool IsUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,63}$")]
    private static partial Regex UsernamePattern();
}
