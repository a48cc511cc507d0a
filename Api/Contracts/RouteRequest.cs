using Lapor.Domain.Agencies;

namespace Lapor.Api.Contracts;

/// <summary>Verification and routing (disposisi): the agency, the resolution class and optional redaction.</summary>
public sealed record RouteRequest(string? AgencyId, ResolutionClass? ResolutionClass, string? Note, bool? Anonymous, bool? Confidential);
