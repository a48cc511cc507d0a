using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;

namespace Lapor.Api.Agencies;

/// <summary>An agency as anyone may see it: name, level, place in the tree, zone and its units.</summary>
public sealed record AgencyView(string Id, string Name, AgencyLevel Level, string? ParentId, AgencyZone Zone, ImmutableArray<string> Children);
