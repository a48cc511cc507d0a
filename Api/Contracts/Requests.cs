using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Contracts;

// Request bodies as clients send them. Everything is nullable so a missing field is reported by name (400) rather
// than failing inside the JSON reader; Validation turns them into domain commands.

public sealed record LocationRequest(string? RegionCode, double? Latitude, double? Longitude, string? Description);

public sealed record ReporterRequest(string? Name, string? Email, string? Phone);

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
    ReporterRequest? Reporter);

/// <summary>What a reporter gets back once: the tracking code and the secret that proves it is theirs.</summary>
public sealed record SubmitResponse(string TrackingCode, string Secret, ComplaintView Complaint);

public sealed record MessageRequest(string? Message);

public sealed record ReasonRequest(string? Reason);

public sealed record ConfirmRequest(int? Rating, string? Comment);

public sealed record RateRequest(int? Rating, string? Comment);

public sealed record RouteRequest(string? AgencyId, ResolutionClass? ResolutionClass, string? Note, bool? Anonymous, bool? Confidential,
    RelatedOnReroute? RelatedAssignments = null);

public sealed record RouteToUnitRequest(string? UnitId, string? Note);

public sealed record RelatedAgencyRequest(string? AgencyId, string? Note);

public sealed record AgencyRequest(string? Name, AgencyLevel? Level, string? ParentId, AgencyZone? Zone, SlaPolicy? Policy);

public sealed record CalendarYearView(int Year, string Source, bool Shipped, IReadOnlyList<Holiday> Days);

public sealed record CalendarOverview(int Version, IReadOnlyList<int> Years, IReadOnlyList<int> MissingYears);
