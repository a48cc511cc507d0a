namespace Lapor.Api.Contracts;

/// <summary>Adding a related agency (lintas sektoral).</summary>
public sealed record RelatedAgencyRequest(string? AgencyId, string? Note);
