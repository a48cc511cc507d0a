namespace Lapor.Api.Contracts;

/// <summary>The reporter's rating (1–5) of a closed complaint, with an optional comment.</summary>
public sealed record RateRequest(int? Rating, string? Comment);
