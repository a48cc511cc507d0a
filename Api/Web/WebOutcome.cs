using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Web;

/// <summary>
/// What an API handler answered, as a page shows it: the value, or the field errors (keyed by the same JSON paths the
/// API names), or the problem's title and status.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Factories read best beside the type they build.")]
public sealed record WebOutcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Problem, int Status)
    where T : class
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    public bool Succeeded => Value is not null;

    public static WebOutcome<T> Ok(T value) => new(value, NoErrors, null, StatusCodes.Status200OK);

    public static WebOutcome<T> Failed(string problem, int status) => new(null, NoErrors, problem, status);

    /// <summary>Reads a handler's typed result: Ok/Created carry the value; problems carry fields or a title.</summary>
    public static WebOutcome<T> From(IResult result) => result switch
    {
        Ok<T> { Value: { } value } => Ok(value),
        Created<T> { Value: { } value } => Ok(value),
        ValidationProblem invalid => new(null, invalid.ProblemDetails.Errors.ToDictionary(), invalid.ProblemDetails.Title,
            StatusCodes.Status400BadRequest),
        ProblemHttpResult problem => Failed(problem.ProblemDetails.Title ?? "Permintaan tidak dapat diproses.", problem.StatusCode),
        UnauthorizedHttpResult => Failed("Nama pengguna atau kata sandi salah.", StatusCodes.Status401Unauthorized),
        _ => Failed("Permintaan tidak dapat diproses.", StatusCodes.Status500InternalServerError),
    };
}
