using Lapor.Domain.Complaints;

namespace Lapor.Api.Contracts;

/// <summary>A new report as a citizen files it.</summary>
public sealed record SubmitRequest(
    ReportKind? Kind,
    string? Title,
    string? Body,
    DateOnly? IncidentDate,
    LocationRequest? Location,
    string? Category,
    Channel? Channel,
    bool? Anonymous,
    bool? Confidential,
    string? TargetAgencyId,
    ReporterRequest? Reporter,
    /// <summary>Ids answered by <c>POST /api/attachments</c>: photos, documents or videos filed with the report.</summary>
    IReadOnlyList<string>? AttachmentIds = null);
