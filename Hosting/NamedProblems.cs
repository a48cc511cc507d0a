using Microsoft.Extensions.Options;

namespace Lapor.Hosting;

/// <summary>
/// Reports every problem of a settings section by its key (<c>section:problem</c>), instead of one generic message: the
/// text a host that refuses to start shows the operator.
/// </summary>
public sealed class NamedProblems<T>(string section, Func<T, IReadOnlyCollection<string>> check) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"{section}:{p}"));
    }
}
