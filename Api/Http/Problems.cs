using Lapor.Domain.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Http;

/// <summary>
/// RFC 9457 answers in one shape: an Indonesian title, and for bad input an <c>errors</c> member keyed by the JSON
/// path of each wrong field (the same shape ASP.NET Core's validation problems use).
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(string field, string message) => Invalid([(field, message)]);

    public static ProblemHttpResult Invalid(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.Problem(
            title: "Data tidak valid.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });

    public static ProblemHttpResult NotFound(string what = "Laporan tidak ditemukan.") =>
        TypedResults.Problem(title: what, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(string what = "Anda tidak berwenang mengakses data ini.") =>
        TypedResults.Problem(title: what, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A refusal from the domain, mapped to its HTTP status.</summary>
    public static ProblemHttpResult From(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.InvalidInput => Invalid(rejection.Field ?? "body", rejection.Message),
        RejectionKind.NotFound => NotFound(rejection.Message),
        RejectionKind.Forbidden => Forbidden(rejection.Message),
        RejectionKind.InvalidState => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status409Conflict),
        RejectionKind.VersionMismatch => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status412PreconditionFailed),
        RejectionKind.IdempotencyConflict => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [rejection.Field ?? "Idempotency-Key"] = [rejection.Message] } }),
        _ => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status400BadRequest),
    };
}
