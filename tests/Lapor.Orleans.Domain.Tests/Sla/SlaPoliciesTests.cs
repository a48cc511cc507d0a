using Lapor.Domain.Agencies;
using Lapor.Domain.Sla;

namespace Lapor.Domain.Tests.Sla;

public class SlaPoliciesTests
{
    [Fact]
    public void National_defaults_follow_DOMAIN_section_5()
    {
        var n = SlaPolicies.National;

        Assert.Equal(SlaLimit.WorkingDays(3), n.Verification);
        Assert.Equal(SlaLimit.WorkingDays(5), n.FirstResponse);
        Assert.Equal(SlaLimit.WorkingDays(2), n.ResolutionLight);
        Assert.Equal(SlaLimit.WorkingDays(5), n.ResolutionNormative);
        Assert.Equal(SlaLimit.WorkingDays(14), n.ResolutionNonSupervisory);
        Assert.Equal(SlaLimit.WorkingDays(60), n.ResolutionSupervisory);
        Assert.Equal(SlaLimit.WorkingDays(10), n.AutoClose);
        Assert.Equal(SlaLimit.WorkingDays(10), n.HoldExpiry);
        Assert.Equal(SlaLimit.WorkingDays(2), n.Escalated);
        Assert.Equal(30, n.ReopenWindowDays);
        Assert.Empty(SlaPolicies.Validate(n));
    }

    [Fact]
    public void Effective_takes_each_limit_from_the_nearest_agency_that_sets_it_else_national()
    {
        var unit = new SlaPolicy { FirstResponse = SlaLimit.Hours(48) };
        var agency = new SlaPolicy { FirstResponse = SlaLimit.WorkingDays(4), Verification = SlaLimit.WorkingDays(2) };
        var root = new SlaPolicy { AutoClose = SlaLimit.Minutes(30), ReopenWindowDays = 14, Verification = SlaLimit.WorkingDays(1) };

        var effective = SlaPolicies.Effective([unit, null, agency, root]);

        Assert.Equal(SlaLimit.Hours(48), effective.FirstResponse);
        Assert.Equal(SlaLimit.WorkingDays(2), effective.Verification);
        Assert.Equal(SlaLimit.Minutes(30), effective.AutoClose);
        Assert.Equal(14, effective.ReopenWindowDays);
        Assert.Equal(SlaPolicies.National.ResolutionLight, effective.ResolutionLight);
        Assert.Equal(SlaPolicies.National.ResolutionNormative, effective.ResolutionNormative);
        Assert.Equal(SlaPolicies.National.ResolutionNonSupervisory, effective.ResolutionNonSupervisory);
        Assert.Equal(SlaPolicies.National.ResolutionSupervisory, effective.ResolutionSupervisory);
        Assert.Equal(SlaPolicies.National.HoldExpiry, effective.HoldExpiry);
        Assert.Equal(SlaPolicies.National.Escalated, effective.Escalated);
    }

    [Fact]
    public void Effective_of_an_empty_or_all_null_chain_is_national()
    {
        Assert.Equal(SlaPolicies.National, SlaPolicies.Effective([]));
        Assert.Equal(SlaPolicies.National, SlaPolicies.Effective([null, new SlaPolicy(), null]));
    }

    [Theory]
    [InlineData(ResolutionClass.Light, 2)]
    [InlineData(ResolutionClass.Normative, 5)]
    [InlineData(ResolutionClass.NonSupervisory, 14)]
    [InlineData(ResolutionClass.Supervisory, 60)]
    public void Resolution_picks_the_limit_of_the_class(ResolutionClass resolutionClass, int workingDays)
    {
        Assert.Equal(SlaLimit.WorkingDays(workingDays), SlaPolicies.Resolution(SlaPolicies.National, resolutionClass));
    }

    [Fact]
    public void Resolution_uses_an_agency_override_and_rejects_an_unknown_class()
    {
        var effective = SlaPolicies.Effective([new SlaPolicy { ResolutionSupervisory = SlaLimit.WorkingDays(30) }]);

        Assert.Equal(SlaLimit.WorkingDays(30), SlaPolicies.Resolution(effective, ResolutionClass.Supervisory));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaPolicies.Resolution(effective, (ResolutionClass)7));
    }

    [Theory]
    [InlineData("verification", 1, SlaUnit.WorkingDays, null)]
    [InlineData("verification", 365, SlaUnit.WorkingDays, null)]
    [InlineData("verification", 366, SlaUnit.WorkingDays, "jumlah harus antara 1 dan 365 hari kerja")]
    [InlineData("firstResponse", 0, SlaUnit.WorkingDays, "jumlah harus antara 1 dan 365 hari kerja")]
    [InlineData("resolutionLight", -1, SlaUnit.Hours, "jumlah harus antara 1 dan 8760 jam")]
    [InlineData("resolutionNormative", 8760, SlaUnit.Hours, null)]
    [InlineData("resolutionNonSupervisory", 8761, SlaUnit.Hours, "jumlah harus antara 1 dan 8760 jam")]
    [InlineData("resolutionSupervisory", 525600, SlaUnit.Minutes, null)]
    [InlineData("autoClose", 525601, SlaUnit.Minutes, "jumlah harus antara 1 dan 525600 menit")]
    [InlineData("holdExpiry", 0, SlaUnit.Minutes, "jumlah harus antara 1 dan 525600 menit")]
    [InlineData("escalated", 2, (SlaUnit)9, "satuan tidak dikenal (WorkingDays, Hours atau Minutes)")]
    public void Validate_checks_each_limit_by_unit_and_names_the_camelCase_field(string field, int amount, SlaUnit unit, string? message)
    {
        var limit = new SlaLimit(amount, unit);
        var policy = field switch
        {
            "verification" => new SlaPolicy { Verification = limit },
            "firstResponse" => new SlaPolicy { FirstResponse = limit },
            "resolutionLight" => new SlaPolicy { ResolutionLight = limit },
            "resolutionNormative" => new SlaPolicy { ResolutionNormative = limit },
            "resolutionNonSupervisory" => new SlaPolicy { ResolutionNonSupervisory = limit },
            "resolutionSupervisory" => new SlaPolicy { ResolutionSupervisory = limit },
            "autoClose" => new SlaPolicy { AutoClose = limit },
            "holdExpiry" => new SlaPolicy { HoldExpiry = limit },
            "escalated" => new SlaPolicy { Escalated = limit },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var errors = SlaPolicies.Validate(policy);

        if (message is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            var expectedField = Enum.IsDefined(unit) ? $"{field}.amount" : $"{field}.unit";
            Assert.Equal([(expectedField, message)], errors);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(365, true)]
    [InlineData(0, false)]
    [InlineData(366, false)]
    [InlineData(-30, false)]
    public void Validate_checks_the_reopen_window(int days, bool valid)
    {
        var errors = SlaPolicies.Validate(new SlaPolicy { ReopenWindowDays = days });

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([("reopenWindowDays", "batas waktu pembukaan kembali harus antara 1 dan 365 hari")], errors);
        }
    }

    [Fact]
    public void Validate_reports_all_errors_and_accepts_an_empty_policy()
    {
        Assert.Empty(SlaPolicies.Validate(new SlaPolicy()));

        var errors = SlaPolicies.Validate(new SlaPolicy
        {
            Verification = SlaLimit.WorkingDays(0),
            FirstResponse = SlaLimit.WorkingDays(5),
            Escalated = SlaLimit.Hours(9000),
            ReopenWindowDays = 0,
        });

        Assert.Equal(["verification.amount", "escalated.amount", "reopenWindowDays"], errors.Select(e => e.Field));
    }
}
