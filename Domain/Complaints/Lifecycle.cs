namespace Lapor.Domain.Complaints;

/// <summary>Where a complaint is in its life (docs/domain.md §3.1). The Indonesian labels are in <see cref="StatusLabels"/>.</summary>
[Alias("lapor.ComplaintStatus")]
public enum ComplaintStatus
{
    /// <summary>Filed, waiting for verification and routing (Belum Terverifikasi).</summary>
    Submitted = 0,
    /// <summary>Returned to the reporter for missing information; the SLA clock is paused (Ditunda).</summary>
    OnHold = 1,
    /// <summary>Verified and routed to an agency, no first response yet (Terverifikasi/Belum Ditindaklanjuti).</summary>
    Routed = 2,
    /// <summary>The agency said "bukan wewenang"; back with Admin Nasional for re-routing.</summary>
    Bounced = 3,
    /// <summary>First response posted; follow-ups under way (Proses).</summary>
    InProgress = 4,
    /// <summary>The agency resolved it; waiting for the reporter to confirm (Selesai).</summary>
    Resolved = 5,
    /// <summary>Confirmed by the reporter or closed automatically.</summary>
    Closed = 6,
    /// <summary>Dismissed: unclear, out of scope, duplicate, or no answer while on hold (Diarsipkan).</summary>
    Archived = 7,
}

/// <summary>Who acts. Decided from the authenticated principal, never from the request body.</summary>
[Alias("lapor.ActorRole")]
public enum ActorRole
{
    /// <summary>The citizen who filed the report (Pelapor), proven by tracking code and secret.</summary>
    Reporter = 0,
    /// <summary>Admin Nasional (KemenPANRB).</summary>
    NationalAdmin = 1,
    /// <summary>Admin Instansi / Koordinator.</summary>
    AgencyAdmin = 2,
    /// <summary>Pejabat Penghubung at a work unit.</summary>
    Officer = 3,
    /// <summary>Pengawas / monev: read-only.</summary>
    Overseer = 4,
    /// <summary>The engine itself (deadlines, escalations, auto-close).</summary>
    System = 5,
}

/// <summary>The authenticated actor of a command.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Actor")]
public sealed record Actor(
    [property: Id(0)] string Id,
    [property: Id(1)] ActorRole Role,
    [property: Id(2)] string? AgencyId)
{
    public static readonly Actor System = new("sistem", ActorRole.System, null);
    public static readonly Actor Reporter = new("pelapor", ActorRole.Reporter, null);
}

/// <summary>The step a deadline clock measures.</summary>
[Alias("lapor.DeadlineStep")]
public enum DeadlineStep
{
    /// <summary>Verify and route (disposisi), 3 hk.</summary>
    Verification = 0,
    /// <summary>On hold waiting for the reporter; archived when it runs out.</summary>
    HoldExpiry = 1,
    /// <summary>First response from the agency, 5 hk from routing.</summary>
    FirstResponse = 2,
    /// <summary>Resolution by class.</summary>
    Resolution = 3,
    /// <summary>Resolved, waiting for the reporter; closed automatically when it runs out.</summary>
    AutoClose = 4,
    /// <summary>Re-routing after "bukan wewenang".</summary>
    Rerouting = 5,
}

public static class StatusLabels
{
    /// <summary>Display label close to LAPOR!'s wording (docs/domain.md §3.1).</summary>
    public static string Label(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Submitted => "Belum Terverifikasi",
        ComplaintStatus.OnHold => "Ditunda",
        ComplaintStatus.Routed => "Terverifikasi/Belum Ditindaklanjuti",
        ComplaintStatus.Bounced => "Dikembalikan (Bukan Wewenang)",
        ComplaintStatus.InProgress => "Proses",
        ComplaintStatus.Resolved => "Selesai",
        ComplaintStatus.Closed => "Ditutup",
        ComplaintStatus.Archived => "Diarsipkan",
        _ => status.ToString(),
    };
}
