namespace Lapor.Api.Contracts;

/// <summary>A message: a hold request, a follow-up, a resolution, a reply or supplied information.</summary>
public sealed record MessageRequest(string? Message);
