using System.Net;

namespace Lapor.TestKit;

/// <summary>The API answered with another status than the step needed.</summary>
public sealed class UnexpectedStatusException : Exception
{
    public UnexpectedStatusException()
    {
    }

    public UnexpectedStatusException(string message) : base(message)
    {
    }

    public UnexpectedStatusException(string message, Exception inner) : base(message, inner)
    {
    }

    public UnexpectedStatusException(string what, HttpStatusCode expected, HttpStatusCode actual, string body)
        : base($"{what}: expected {(int)expected} {expected}, got {(int)actual} {actual}: {body}")
    {
        Expected = expected;
        Actual = actual;
    }

    public HttpStatusCode? Expected { get; }

    public HttpStatusCode? Actual { get; }

    /// <summary>Throws unless <paramref name="response"/> has the <paramref name="expected"/> status.</summary>
    public static async Task ThrowUnlessAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != expected)
        {
            throw new UnexpectedStatusException(what, expected, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
