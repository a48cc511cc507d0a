using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Api.Contracts;

/// <summary>Verification and routing (disposisi): the agency, the resolution class and optional redaction.</summary>
/// <c>relatedAssignments</c> (stop or continue) is required only when a complaint returned as "bukan wewenang" still
/// has related agencies' copies (docs/domain.md §3.3).
public sealed record RouteRequest(string? AgencyId, ResolutionClass? ResolutionClass, string? Note, bool? Anonymous, bool? Confidential,
    RelatedOnReroute? RelatedAssignments = null);
