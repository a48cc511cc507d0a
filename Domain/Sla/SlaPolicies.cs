using Lapor.Domain.Agencies;

namespace Lapor.Domain.Sla;

/// <summary>The national default SLA policy, inheritance along the agency tree, and validation.</summary>
public static class SlaPolicies
{
    public const int MaxWorkingDays = 365;
    public const int MaxHours = 8760;
    public const int MaxMinutes = 525600;
    public const int MaxReopenWindowDays = 365;

    /// <summary>The defaults of docs/domain.md §4.2; every member is set.</summary>
    public static SlaPolicy National { get; } = new()
    {
        Verification = SlaLimit.WorkingDays(3),
        FirstResponse = SlaLimit.WorkingDays(5),
        ResolutionLight = SlaLimit.WorkingDays(2),
        ResolutionNormative = SlaLimit.WorkingDays(5),
        ResolutionNonSupervisory = SlaLimit.WorkingDays(14),
        ResolutionSupervisory = SlaLimit.WorkingDays(60),
        AutoClose = SlaLimit.WorkingDays(10),
        HoldExpiry = SlaLimit.WorkingDays(10),
        Escalated = SlaLimit.WorkingDays(2),
        ReopenWindowDays = 30,
    };

    /// <summary>
    /// The effective policy for an agency: <paramref name="chainFromAgencyUpToRoot"/> lists the agency's own policy
    /// first, then its parent's, up to the root (null entries = agency sets nothing). Each limit comes from the
    /// nearest policy that sets it, else from <see cref="National"/>. The result has every member set.
    /// </summary>
    public static SlaPolicy Effective(IEnumerable<SlaPolicy?> chainFromAgencyUpToRoot)
    {
        ArgumentNullException.ThrowIfNull(chainFromAgencyUpToRoot);
        var chain = chainFromAgencyUpToRoot.OfType<SlaPolicy>().Append(National).ToList();
        return new SlaPolicy
        {
            Verification = chain.Select(p => p.Verification).First(l => l is not null),
            FirstResponse = chain.Select(p => p.FirstResponse).First(l => l is not null),
            ResolutionLight = chain.Select(p => p.ResolutionLight).First(l => l is not null),
            ResolutionNormative = chain.Select(p => p.ResolutionNormative).First(l => l is not null),
            ResolutionNonSupervisory = chain.Select(p => p.ResolutionNonSupervisory).First(l => l is not null),
            ResolutionSupervisory = chain.Select(p => p.ResolutionSupervisory).First(l => l is not null),
            AutoClose = chain.Select(p => p.AutoClose).First(l => l is not null),
            HoldExpiry = chain.Select(p => p.HoldExpiry).First(l => l is not null),
            Escalated = chain.Select(p => p.Escalated).First(l => l is not null),
            ReopenWindowDays = chain.Select(p => p.ReopenWindowDays).First(d => d is not null),
        };
    }

    /// <summary>The resolution limit for <paramref name="resolutionClass"/> (falls back to National if unset).</summary>
    public static SlaLimit Resolution(SlaPolicy effective, ResolutionClass resolutionClass)
    {
        ArgumentNullException.ThrowIfNull(effective);
        return resolutionClass switch
        {
            ResolutionClass.Light => effective.ResolutionLight ?? National.ResolutionLight!,
            ResolutionClass.Normative => effective.ResolutionNormative ?? National.ResolutionNormative!,
            ResolutionClass.NonSupervisory => effective.ResolutionNonSupervisory ?? National.ResolutionNonSupervisory!,
            ResolutionClass.Supervisory => effective.ResolutionSupervisory ?? National.ResolutionSupervisory!,
            _ => throw new ArgumentOutOfRangeException(nameof(resolutionClass), resolutionClass, "Unknown ResolutionClass."),
        };
    }

    /// <summary>
    /// Checks the members that are set (unset ones are inherited and always valid). Field names are camelCase
    /// JSON paths (e.g. <c>firstResponse.amount</c>); messages are Indonesian. Empty when valid.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(SlaPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var errors = new List<(string Field, string Message)>();
        CheckLimit("verification", p.Verification, errors);
        CheckLimit("firstResponse", p.FirstResponse, errors);
        CheckLimit("resolutionLight", p.ResolutionLight, errors);
        CheckLimit("resolutionNormative", p.ResolutionNormative, errors);
        CheckLimit("resolutionNonSupervisory", p.ResolutionNonSupervisory, errors);
        CheckLimit("resolutionSupervisory", p.ResolutionSupervisory, errors);
        CheckLimit("autoClose", p.AutoClose, errors);
        CheckLimit("holdExpiry", p.HoldExpiry, errors);
        CheckLimit("escalated", p.Escalated, errors);
        if (p.ReopenWindowDays is { } days && days is < 1 or > MaxReopenWindowDays)
        {
            errors.Add(("reopenWindowDays", $"batas waktu pembukaan kembali harus antara 1 dan {MaxReopenWindowDays} hari"));
        }

        return errors;
    }

    private static void CheckLimit(string field, SlaLimit? limit, List<(string Field, string Message)> errors)
    {
        if (limit is null)
        {
            return;
        }

        var (max, unitLabel) = limit.Unit switch
        {
            SlaUnit.WorkingDays => (MaxWorkingDays, "hari kerja"),
            SlaUnit.Hours => (MaxHours, "jam"),
            SlaUnit.Minutes => (MaxMinutes, "menit"),
            _ => (0, string.Empty),
        };
        if (max == 0)
        {
            errors.Add(($"{field}.unit", "satuan tidak dikenal (WorkingDays, Hours atau Minutes)"));
            return;
        }

        if (limit.Amount < 1 || limit.Amount > max)
        {
            errors.Add(($"{field}.amount", $"jumlah harus antara 1 dan {max} {unitLabel}"));
        }
    }
}
