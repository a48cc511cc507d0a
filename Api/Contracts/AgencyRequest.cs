using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;

namespace Lapor.Api.Contracts;

/// <summary>An agency as Admin Nasional defines it: name, level, parent, zone and SLA overrides.</summary>
public sealed record AgencyRequest(string? Name, AgencyLevel? Level, string? ParentId, AgencyZone? Zone, SlaPolicy? Policy);
