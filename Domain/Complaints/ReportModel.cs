namespace Lapor.Domain.Complaints;

/// <summary>Jenis laporan (docs/domain.md §2).</summary>
[Alias("lapor.ReportKind")]
public enum ReportKind
{
    /// <summary>Pengaduan.</summary>
    Complaint = 0,
    /// <summary>Aspirasi.</summary>
    Aspiration = 1,
    /// <summary>Permintaan informasi.</summary>
    InformationRequest = 2,
}

/// <summary>The channel a report came in through; counted by monev.</summary>
[Alias("lapor.Channel")]
public enum Channel
{
    Web = 0,
    Mobile = 1,
    Sms = 2,
    SocialMedia = 3,
    LocalIntegration = 4,
    QrCode = 5,
    /// <summary>An Open311 GeoReport v2 client (FixMyStreet, SeeClickFix and other civic apps).</summary>
    Open311 = 6,
}

/// <summary>Incident location: a Kemendagri region code (e.g. "35.73" for Kota Malang) and optional coordinates.</summary>
[GenerateSerializer, Immutable, Alias("lapor.Location")]
public sealed record Location(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] double? Latitude,
    [property: Id(2)] double? Longitude,
    [property: Id(3)] string? Description);

/// <summary>What the reporter filed. Immutable once accepted; corrections come as timeline messages.</summary>
[GenerateSerializer, Immutable, Alias("lapor.ReportData")]
public sealed record ReportData
{
    [Id(0)] public required ReportKind Kind { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required string Body { get; init; }
    [Id(3)] public required DateOnly IncidentDate { get; init; }
    [Id(4)] public required Location Location { get; init; }
    [Id(5)] public required string Category { get; init; }
    [Id(6)] public required Channel Channel { get; init; }
    /// <summary>Anonim: the reporter's identity is hidden from agencies, overseers and the public.</summary>
    [Id(7)] public bool Anonymous { get; init; }
    /// <summary>Rahasia: the content is hidden from the public.</summary>
    [Id(8)] public bool Confidential { get; init; }
    /// <summary>The agency the reporter chose, if any.</summary>
    [Id(9)] public string? TargetAgencyId { get; init; }
    /// <summary>
    /// Where the report was taken from outside the engine's own forms (a social-media post, a gateway message, an
    /// Open311 client). It can point at the reporter, so it is shown only where the reporter's identity is.
    /// </summary>
    [Id(10)] public ReportSource? Source { get; init; }
}

/// <summary>
/// The outside reference of a report: the platform it came from (<c>x</c>, <c>instagram</c>, <c>sms</c>,
/// <c>open311</c>), the item there (a post id, a message id), its address if any, and who delivered it (the
/// integrator or client as configured).
/// </summary>
[GenerateSerializer, Immutable, Alias("lapor.ReportSource")]
public sealed record ReportSource(
    [property: Id(0)] string Platform,
    [property: Id(1)] string Reference,
    [property: Id(2)] string? Url,
    [property: Id(3)] string? DeliveredBy);

/// <summary>How to reach the reporter. Never shown to anyone but the reporter when the report is anonymous.</summary>
[GenerateSerializer, Immutable, Alias("lapor.ReporterContact")]
public sealed record ReporterContact(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Phone)
{
    /// <summary>The reporter asked to be told of status changes by e-mail (needs <see cref="Email"/>).</summary>
    [Id(3)] public bool NotifyStatus { get; init; }
}
