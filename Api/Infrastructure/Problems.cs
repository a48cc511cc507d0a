using Lapor.Orleans.Complaints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Orleans.Api.Infrastructure;

/// <summary>RFC 9457 answers in one shape: a title in Indonesian, and for bad input the field that was wrong.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Data tidak valid.");

    public static ValidationProblem Invalid(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "Data tidak valid.");

    public static ProblemHttpResult NotFound(string what = "Laporan tidak ditemukan.") =>
        TypedResults.Problem(title: what, statusCode: StatusCodes.Status404NotFound);

    /// <summary>A refusal from the domain, mapped to its HTTP status.</summary>
    public static IResult From(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.InvalidInput => Invalid(rejection.Field ?? "body", rejection.Message),
        RejectionKind.NotFound => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status404NotFound),
        RejectionKind.Forbidden => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status403Forbidden),
        RejectionKind.InvalidState => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status409Conflict),
        RejectionKind.VersionMismatch => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status412PreconditionFailed),
        RejectionKind.IdempotencyConflict => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["field"] = rejection.Field }),
        _ => TypedResults.Problem(title: rejection.Message, statusCode: StatusCodes.Status400BadRequest),
    };
}
