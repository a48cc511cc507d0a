using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Attachments;

/// <summary>Refusals of a file, in one shape: the file named in the title, the detail and the <c>errors</c> entry.</summary>
public static class AttachmentProblems
{
    public static ProblemHttpResult File(int status, string field, string fileName, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"{fileName}: {message}"] })
        {
            Status = status,
            Title = $"Berkas '{fileName}' ditolak.",
            Detail = message,
            Extensions = { ["fileName"] = fileName },
        });

    public static ProblemHttpResult NotFound() => Http.Problems.NotFound("Lampiran tidak ditemukan.");
}
