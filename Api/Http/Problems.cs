using Lapor.Domain.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Http;

/// <summary>
/// RFC 9457 answers in one shape: an Indonesian title, and for bad input ASP.NET Core's validation problem whose
/// <c>errors</c> member is keyed by the JSON path of each wrong field.
/// </summary>
public static class Problems
{
    public const string InvalidTitle = "Data tidak valid.";

    public static ValidationProblem Invalid(string field, string message) => Invalid([(field, message)]);

    public static ValidationProblem Invalid(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: InvalidTitle);

    public static ProblemHttpResult NotFound(string what = "Laporan tidak ditemukan.") =>
        TypedResults.Problem(title: what, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(string what = "Anda tidak berwenang mengakses data ini.") =>
        TypedResults.Problem(title: what, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>A refusal from the domain, mapped to its HTTP status: field errors as a validation problem.</summary>
    public static Results<TOk, ValidationProblem, ProblemHttpResult> From<TOk>(Rejection rejection) where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Kind == RejectionKind.InvalidInput ? Invalid(rejection.Field ?? "body", rejection.Message) : Status(rejection);
    }

    /// <summary>A refusal that is not about one field's value (not found, forbidden, state, version, idempotency).</summary>
    public static ProblemHttpResult Status(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Kind switch
        {
            RejectionKind.NotFound => NotFound(rejection.Message),
            RejectionKind.Forbidden => Forbidden(rejection.Message),
            RejectionKind.InvalidState => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status409Conflict),
            RejectionKind.VersionMismatch => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status412PreconditionFailed),
            RejectionKind.IdempotencyConflict => TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [rejection.Field ?? "Idempotency-Key"] = [rejection.Message] })
            {
                Title = rejection.Message,
                Status = StatusCodes.Status422UnprocessableEntity,
            }),
            _ => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status400BadRequest),
        };
    }
}
