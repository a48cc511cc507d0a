using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Lapor.Api.Complaints;
using Lapor.Api.Contracts;
using Lapor.Api.Http;
using Lapor.Domain.Complaints;
using Lapor.Grains.Complaints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests.Security;

/// <summary>Tracking codes carry a keyed check value: made-up codes are refused before any grain is activated.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class TrackingCodeTests(ApiHost host)
{
    [GeneratedRegex("^LPR-[0-9A-HJKMNP-TV-Z]{10}-[0-9A-HJKMNP-TV-Z]{3}$")]
    private static partial Regex CheckedCode();

    /// <summary>The keys of every complaint grain activated anywhere in the cluster right now.</summary>
    private async Task<HashSet<string>> ActiveComplaintsAsync()
    {
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var stats = await management.GetDetailedGrainStatistics();
        return [.. stats.Select(s => s.GrainId.Key.ToString()!).Where(k => k.StartsWith("LPR-", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task Issued_codes_carry_a_check_and_forged_codes_are_refused_before_any_grain_is_touched()
    {
        using var api = host.Client();
        var (code, secret, _) = await api.SubmitAsync();
        Assert.Matches(CheckedCode(), code);

        var forged = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var digit = Crockford.Alphabet[i % 32];
            var candidate = code[..^1] + digit;
            var other = $"LPR-{i.ToString("D10", CultureInfo.InvariantCulture)}-{code[^3..]}";
            forged.AddRange(new[] { candidate, other }.Where(c => c != code));
        }

        var codes = host.Services.GetRequiredService<TrackingCodes>();
        forged.RemoveAll(f => codes.Classify(f) == TrackingCodeKind.Checked); // a 1-in-32,768 lucky guess is not a forgery
        forged.Add("LPR-0000000000"); // first format: this fresh data folder never issued one, so it is refused too
        foreach (var fake in forged)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/public/complaints/{fake}")).StatusCode);
        }

        foreach (var fake in forged.Take(20))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/complaints/{fake}", user: "admin.nasional")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/reporter/complaints/{fake}", secret: secret)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound,
                (await api.PostAsync($"/api/complaints/{fake}/hold", new { message = "Mohon lengkapi." }, user: "admin.nasional")).StatusCode);
        }

        // Control: a code with a right check value that was never issued is looked up (and found missing).
        var unissued = codes.Format(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/public/complaints/{unissued}")).StatusCode);

        var active = await ActiveComplaintsAsync();
        Assert.Contains(unissued, active);
        Assert.DoesNotContain(forged, active.Contains);
    }

    [Fact]
    public void The_check_value_refuses_changed_and_malformed_codes()
    {
        var codes = new TrackingCodes(new byte[32], acceptsLegacy: false);
        var code = codes.Format([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(TrackingCodeKind.Checked, codes.Classify(code));
        Assert.Equal(TrackingCodeKind.Invalid, codes.Classify(code.ToLowerInvariant()));
        Assert.Equal(TrackingCodeKind.Invalid, codes.Classify(code[..^1] + (code[^1] == '0' ? '1' : '0')));
        Assert.Equal(TrackingCodeKind.Invalid, codes.Classify(code.Replace('-', '_')));
        Assert.Equal(TrackingCodeKind.Invalid, codes.Classify(code + "0"));
        Assert.Equal(TrackingCodeKind.Invalid, codes.Classify(null));
        Assert.Equal(TrackingCodeKind.Legacy, codes.Classify("LPR-ABCDEFGHJK"));
        Assert.Equal(TrackingCodeKind.Invalid, codes.Classify("LPR-ABCDEFGHIK")); // I is not Crockford
        Assert.False(codes.Accepts("LPR-ABCDEFGHJK"));
        Assert.True(new TrackingCodes(new byte[32], acceptsLegacy: true).Accepts("LPR-ABCDEFGHJK"));
        // Another server key gives other check values.
        Assert.Equal(TrackingCodeKind.Invalid, new TrackingCodes(new byte[32].Select(_ => (byte)7).ToArray(), false).Classify(code));
    }

    [Fact]
    public void A_data_folder_from_before_the_check_accepts_first_format_codes_and_a_new_one_does_not()
    {
        var fresh = Path.Combine(Path.GetTempPath(), "lapor-codes-" + Guid.NewGuid().ToString("N"));
        var upgraded = Path.Combine(Path.GetTempPath(), "lapor-codes-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(upgraded);
            File.WriteAllText(Path.Combine(upgraded, "server.key"), Convert.ToBase64String(new byte[32]));
            static IConfiguration Folder(string folder) =>
                new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Lapor:Storage:DataFolder"] = folder }).Build();

            Assert.False(TrackingCodes.Create(Folder(fresh)).AcceptsLegacy);
            Assert.False(TrackingCodes.Create(Folder(fresh)).AcceptsLegacy); // the marker stays
            Assert.True(TrackingCodes.Create(Folder(upgraded)).AcceptsLegacy);
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
            Directory.Delete(upgraded, recursive: true);
        }
    }
}

/// <summary>Complaints stored under first-format codes by the build before the check keep working.</summary>
[Collection(SecuredApiCollection.Name)]
public sealed class LegacyTrackingCodeTests(SecuredApiHost host)
{
    [Fact]
    public async Task A_complaint_stored_under_a_first_format_code_is_read_and_worked_as_before()
    {
        const string secret = "RAHASIALAMA0123456789ABCDE";
        var code = "LPR-" + Crockford.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8), 10);
        var request = new SubmitRequest(ReportKind.Complaint, "Jalan rusak di depan pasar", "Jalan rusak parah sejak bulan lalu dan belum diperbaiki.",
            new DateOnly(2026, 11, 20), new LocationRequest("35.73", null, null, null), "Infrastruktur", null, false, false, null, null);
        var (command, _) = Validation.Submission(request, new DateOnly(2026, 11, 30));
        // What the build before the check did: the complaint grain keyed by a code without a check value.
        var stored = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IComplaintGrain>(code)
            .Submit(command! with { RequestHash = "lama", SecretHash = SubmissionKeys.HashSecret(secret) });
        Assert.Null(stored.Rejection);

        using var api = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/reporter/complaints/{code}", secret: secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/complaints/{code}", user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/public/complaints/{code}")).StatusCode);
    }
}
