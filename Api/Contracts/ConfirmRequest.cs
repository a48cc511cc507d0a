namespace Lapor.Api.Contracts;

/// <summary>The reporter's confirmation of a resolution, with an optional rating (1–5) and comment.</summary>
public sealed record ConfirmRequest(int? Rating, string? Comment);
