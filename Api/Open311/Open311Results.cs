namespace Lapor.Api.Open311;

public enum O311Format
{
    Xml = 0,
    Json = 1,
}

/// <summary>
/// One Open311 error: the HTTP status (404 for what does not exist, 403 for a missing or wrong api_key, 400 for any
/// other request that cannot be served) and a description meant for the user.
/// </summary>
public sealed record O311Error(int Status, string Description)
{
    public static O311Error BadRequest(string description) => new(StatusCodes.Status400BadRequest, description);
    public static O311Error NotFound(string description) => new(StatusCodes.Status404NotFound, description);
    public static O311Error Forbidden(string description) => new(StatusCodes.Status403Forbidden, description);
}

/// <summary>Writes Open311 documents and errors in the format the address asks for.</summary>
public static class O311Results
{
    /// <summary>The format named by the route's extension; null when it is neither xml nor json.</summary>
    public static O311Format? Parse(string? format) => format switch
    {
        "xml" => O311Format.Xml,
        "json" => O311Format.Json,
        _ => null,
    };

    /// <summary>The format of a request from its path (<c>….json</c> is JSON, anything else XML, the required format).</summary>
    public static O311Format FromPath(HttpRequest request) =>
        request.Path.Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? O311Format.Json : O311Format.Xml;

    public static IResult Document(O311Node root, O311Format format, int status = StatusCodes.Status200OK) =>
        new O311Result(root, format, status, null);

    /// <summary>The <c>errors</c> document; the HTTP status is the first error's.</summary>
    public static IResult Errors(O311Format format, params IReadOnlyList<O311Error> errors) =>
        new O311Result(ErrorsNode(errors), format, errors[0].Status, null);

    /// <summary>A passing cluster or database fault: 503 with Retry-After, in the Open311 error format.</summary>
    public static IResult Unavailable(O311Format format) =>
        new O311Result(ErrorsNode([new O311Error(StatusCodes.Status503ServiceUnavailable, "Layanan sedang tidak tersedia sementara; coba lagi sebentar lagi.")]),
            format, StatusCodes.Status503ServiceUnavailable, "2");

    public static O311List ErrorsNode(IEnumerable<O311Error> errors) =>
        new("errors", [.. errors.Select(e => new O311Object("error", [new O311Value("code", e.Status), new O311Value("description", e.Description)]))]);

    /// <summary>Writes an errors document straight to a response (authentication, rate limiting, fallback).</summary>
    public static Task WriteErrorAsync(HttpContext http, O311Error error, CancellationToken cancellationToken = default)
    {
        var format = FromPath(http.Request);
        var body = format == O311Format.Json ? O311Writer.ToJson(ErrorsNode([error])) : O311Writer.ToXml(ErrorsNode([error]));
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = format == O311Format.Json ? O311Writer.JsonContentType : O311Writer.XmlContentType;
        return http.Response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    private sealed class O311Result(O311Node root, O311Format format, int status, string? retryAfter) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var body = format == O311Format.Json ? O311Writer.ToJson(root) : O311Writer.ToXml(root);
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = format == O311Format.Json ? O311Writer.JsonContentType : O311Writer.XmlContentType;
            if (retryAfter is not null)
            {
                httpContext.Response.Headers.RetryAfter = retryAfter;
            }

            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
