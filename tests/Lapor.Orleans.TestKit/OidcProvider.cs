using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lapor.TestKit;

/// <summary>
/// A small but real OpenID Connect provider on loopback (Kestrel): discovery, a JWKS with an RSA key made at start,
/// the authorization code flow with PKCE (S256 only) for one confidential client, RS256 id tokens and access tokens
/// for the API. The test chooses beforehand who signs in next (<see cref="SignInNext"/>); the provider's page then
/// asks only "Lanjutkan" or "Batal", so the way back to the client starts on the provider's site, as after a real login.
/// It listens on <c>localhost</c> while the hosts under test use <c>127.0.0.1</c>, so the browser treats the provider
/// as another site, as a real one is.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ApiAudience = "lapor-api";

    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, Pending> _pending = new();
    private readonly ConcurrentBag<string> _redirectUris = [];
    private readonly RsaSecurityKey _key;
    private readonly RsaSecurityKey _strangerKey;
    private WebApplication? _app;
    private User? _next;
    private string? _nextError;
    private bool _tamperState;

    /// <summary>A staff member as the provider knows them: the claims Lapor reads.</summary>
    public sealed record User(string Subject, string Name, string Role, string Agency);

    private sealed record Pending(string RedirectUri, string State, string Challenge, string? Nonce);

    private sealed record Grant(User User, string ClientId, string RedirectUri, string Challenge, string? Nonce, DateTimeOffset Expires);

    public OidcProvider()
    {
        var port = Ports.Free();
        Issuer = new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}");
        _key = NewKey("lapor-test-1");
        _strangerKey = NewKey("lapor-test-1");
    }

    /// <summary>The issuer and authority (no trailing slash in <c>iss</c>).</summary>
    public Uri Issuer { get; }

    public string IssuerName => Issuer.ToString().TrimEnd('/');

    public string ClientId { get; } = "lapor-web";

    public string ClientSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>Token requests the provider refused, with the reason (a test can show why a sign-in failed).</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>Only these redirect URIs receive codes (exact match, as providers register them).</summary>
    public void AllowRedirect(Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        _redirectUris.Add(redirectUri.ToString());
    }

    /// <summary>The next authorization request signs in <paramref name="user"/> (as if they had logged in here).</summary>
    public void SignInNext(User user)
    {
        _next = user;
        _nextError = null;
        _tamperState = false;
    }

    /// <summary>The next authorization request answers at once with an OAuth error (<c>server_error</c>, …).</summary>
    public void FailNext(string error)
    {
        _nextError = error;
        _next = null;
    }

    /// <summary>The next authorization redirect carries a <c>state</c> other than the client's (a forged callback).</summary>
    public void TamperNextState(User user)
    {
        SignInNext(user);
        _tamperState = true;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Issuer.ToString());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Text(Discovery().ToJsonString(), "application/json"));
        _app.MapGet("/jwks", () => Results.Text(Jwks().ToJsonString(), "application/json"));
        _app.MapGet("/authorize", (Delegate)Authorize);
        _app.MapPost("/authorize/jawab", (Delegate)Answer);
        _app.MapPost("/token", (Delegate)Token);
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>An access token for the API as this provider signs it (what a client gets at the token endpoint).</summary>
    public string AccessToken(User user) => Sign(_key, user, ApiAudience, null);

    /// <summary>The same token signed by a key nobody published (same issuer and key id): must be refused.</summary>
    public string ForgedAccessToken(User user) => Sign(_strangerKey, user, ApiAudience, null);

    /// <summary>
    /// The whole code flow over HTTP as a confidential client would run it (authorize, then token with the verifier),
    /// returning the token endpoint's answer.
    /// </summary>
    public async Task<JsonObject> CodeFlowAsync(User user, Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        AllowRedirect(redirectUri);
        SignInNext(user);
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Issuer };
        var authorize = QueryHelpers.AddQueryString("/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = "openid",
            ["state"] = "s",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        using var page = await http.GetAsync(new Uri(authorize, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var ticket = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"ticket\" value=\"([^\"]+)\"").Groups[1].Value;
        using var allow = new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket, ["answer"] = "allow" });
        using var redirect = await http.PostAsync(new Uri("/authorize/jawab", UriKind.Relative), allow);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"].ToString();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["code_verifier"] = verifier,
        });
        using var token = await http.PostAsync(new Uri("/token", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        return JsonNode.Parse(await token.Content.ReadAsStringAsync())!.AsObject();
    }

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    private JsonObject Discovery() => new()
    {
        ["issuer"] = IssuerName,
        ["authorization_endpoint"] = $"{IssuerName}/authorize",
        ["token_endpoint"] = $"{IssuerName}/token",
        ["jwks_uri"] = $"{IssuerName}/jwks",
        ["response_types_supported"] = new JsonArray("code"),
        ["response_modes_supported"] = new JsonArray("query"),
        ["grant_types_supported"] = new JsonArray("authorization_code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
        ["scopes_supported"] = new JsonArray("openid", "profile"),
        ["claims_supported"] = new JsonArray("sub", "name", "role", "agency"),
    };

    private JsonObject Jwks()
    {
        var parameters = _key.Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = _key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            }),
        };
    }

    private IResult Authorize(HttpContext http)
    {
        var q = http.Request.Query;
        var redirectUri = q["redirect_uri"].ToString();
        // Never redirect to an address nobody registered, nor for a client nobody registered: answer here instead.
        if (!_redirectUris.Contains(redirectUri) || q["client_id"] != ClientId)
        {
            return Results.BadRequest("unknown client or redirect_uri");
        }

        var state = q["state"].ToString();
        string Back(params (string Key, string Value)[] values) =>
            QueryHelpers.AddQueryString(redirectUri, values.ToDictionary(v => v.Key, v => (string?)v.Value));

        if (Interlocked.Exchange(ref _nextError, null) is { } error)
        {
            return Results.Redirect(Back(("error", error), ("state", state)));
        }

        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || q["code_challenge"].ToString() is not { Length: 43 } challenge
            || !q["scope"].ToString().Split(' ').Contains("openid"))
        {
            return Results.Redirect(Back(("error", "invalid_request"), ("state", state)));
        }

        var ticket = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        _pending[ticket] = new Pending(redirectUri, state, challenge, q["nonce"].ToString() is { Length: > 0 } n ? n : null);
        var html = $"""
            <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Penyedia identitas uji</title></head><body>
            <h1>Penyedia identitas uji</h1>
            <form method="post" action="/authorize/jawab">
            <input type="hidden" name="ticket" value="{ticket}">
            <button type="submit" name="answer" value="allow">Lanjutkan</button>
            <button type="submit" name="answer" value="cancel">Batal</button>
            </form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private async Task<IResult> Answer(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        if (!_pending.TryRemove(form["ticket"].ToString(), out var pending))
        {
            return Results.BadRequest("unknown ticket");
        }

        string Back(params (string Key, string Value)[] values) =>
            QueryHelpers.AddQueryString(pending.RedirectUri, values.ToDictionary(v => v.Key, v => (string?)v.Value));

        if (form["answer"] != "allow")
        {
            return Results.Redirect(Back(("error", "access_denied"), ("state", pending.State)));
        }

        if (Interlocked.Exchange(ref _next, null) is not { } user)
        {
            return Results.Redirect(Back(("error", "login_required"), ("state", pending.State)));
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new Grant(user, ClientId, pending.RedirectUri, pending.Challenge, pending.Nonce, DateTimeOffset.UtcNow.AddMinutes(1));
        var state = pending.State;
        if (_tamperState)
        {
            _tamperState = false;
            state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(64));
        }

        return Results.Redirect(Back(("code", code), ("state", state)));
    }

    private async Task<IResult> Token(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(http, form);
        if (clientId != ClientId || secret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ClientSecret)))
        {
            return Refuse("invalid_client", HttpStatusCode.Unauthorized);
        }

        // A code is spent by its first use, right or wrong.
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || grant.Expires < DateTimeOffset.UtcNow || grant.ClientId != clientId || grant.RedirectUri != form["redirect_uri"])
        {
            return Refuse("invalid_grant", HttpStatusCode.BadRequest);
        }

        var verifier = form["code_verifier"].ToString();
        if (verifier.Length is < 43 or > 128
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
        {
            return Refuse("invalid_grant", HttpStatusCode.BadRequest);
        }

        var answer = new JsonObject
        {
            ["access_token"] = AccessToken(grant.User),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = Sign(_key, grant.User, ClientId, grant.Nonce),
        };
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(answer.ToJsonString(), "application/json");
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpContext http, IFormCollection form)
    {
        if (http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString() is { Length: > 0 } s ? s : null);
    }

    private IResult Refuse(string error, HttpStatusCode status)
    {
        Refusals.Enqueue(error);
        return Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: (int)status);
    }

    private string Sign(RsaSecurityKey key, User user, string audience, string? nonce)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = user.Subject,
            ["name"] = user.Name,
            ["role"] = user.Role,
            ["agency"] = user.Agency,
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerName,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-30),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
