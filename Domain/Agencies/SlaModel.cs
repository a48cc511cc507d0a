namespace Lapor.Domain.Agencies;

/// <summary>How an SLA limit is counted: working days in the agency's calendar, or plain wall-clock time
/// (24/7 services, and short policies for tests and demos).</summary>
[Alias("lapor.SlaUnit")]
public enum SlaUnit
{
    WorkingDays = 0,
    Hours = 1,
    Minutes = 2,
}

/// <summary>One step's time limit, e.g. 3 working days or 90 minutes.</summary>
[GenerateSerializer, Immutable, Alias("lapor.SlaLimit")]
public sealed record SlaLimit(
    [property: Id(0)] int Amount,
    [property: Id(1)] SlaUnit Unit)
{
    public static SlaLimit WorkingDays(int amount) => new(amount, SlaUnit.WorkingDays);
    public static SlaLimit Hours(int amount) => new(amount, SlaUnit.Hours);
    public static SlaLimit Minutes(int amount) => new(amount, SlaUnit.Minutes);
}

/// <summary>Resolution classes from the agencies' service standards (docs/domain.md §4.2).</summary>
[Alias("lapor.ResolutionClass")]
public enum ResolutionClass
{
    /// <summary>Ringan: 2 hk.</summary>
    Light = 0,
    /// <summary>Normatif: 5 hk.</summary>
    Normative = 1,
    /// <summary>Tidak berkadar pengawasan: 14 hk.</summary>
    NonSupervisory = 2,
    /// <summary>Berkadar pengawasan: 60 hk.</summary>
    Supervisory = 3,
}

/// <summary>
/// An agency's SLA policy. Every limit is optional: a missing one is inherited from the parent agency,
/// and at the root from <c>SlaPolicies.National</c> (docs/domain.md §4.2 defaults).
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.SlaPolicy")]
public sealed record SlaPolicy
{
    /// <summary>Submitted → verified and routed (disposisi), or archived. Default 3 hk.</summary>
    [Id(0)] public SlaLimit? Verification { get; init; }
    /// <summary>Routed to the agency → first response (tindak lanjut) posted. Default 5 hk.</summary>
    [Id(1)] public SlaLimit? FirstResponse { get; init; }
    [Id(2)] public SlaLimit? ResolutionLight { get; init; }
    [Id(3)] public SlaLimit? ResolutionNormative { get; init; }
    [Id(4)] public SlaLimit? ResolutionNonSupervisory { get; init; }
    [Id(5)] public SlaLimit? ResolutionSupervisory { get; init; }
    /// <summary>Resolved and awaiting the reporter → closed automatically. Default 10 hk.</summary>
    [Id(6)] public SlaLimit? AutoClose { get; init; }
    /// <summary>On hold (tunda) with no answer from the reporter → archived. Default 10 hk.</summary>
    [Id(7)] public SlaLimit? HoldExpiry { get; init; }
    /// <summary>The fresh, shorter limit given to the new holder after an escalation. Default 2 hk.</summary>
    [Id(8)] public SlaLimit? Escalated { get; init; }
    /// <summary>How long after closing the reporter may reopen. Default 30 calendar days.</summary>
    [Id(9)] public int? ReopenWindowDays { get; init; }
}
