using System.Security.Cryptography;
using System.Text;
using Lapor.Api.Http;
using Lapor.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Auth;

/// <summary>
/// Sign-in for accounts this host knows itself: local accounts (<c>admin create</c>) at <c>/api/auth/token</c>, and
/// in demo mode the demo accounts, also at <c>/api/dev/token</c>. Limited per address by the rate limiter and per
/// account and address by <see cref="SignInThrottle"/>. With an OpenID Connect authority neither is mapped.
/// </summary>
public static class SignInApi
{
    public const string TokenPath = "/api/auth/token";
    public const string DevTokenPath = "/api/dev/token";
    private const int MaxUsername = 64;
    private const int MaxPassword = 256;

    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        var profile = DeploymentProfile.From(configuration);
        var devTokens = app.ServiceProvider.GetRequiredService<DevTokenSettings>().Enabled;
        if (profile.OffersLocalAccounts || devTokens)
        {
            app.MapPost(TokenPath, SignIn)
                .WithTags("Masuk")
                .WithSummary("Masuk: token petugas untuk akun lokal (dibuat dengan 'admin create') atau akun demo")
                .AllowAnonymous()
                .RequireRateLimiting(RateLimits.SignIn);
        }

        if (devTokens)
        {
            app.MapPost(DevTokenPath, SignIn)
                .WithName("demoSignIn")
                .WithTags("Development")
                .WithSummary("Token akun demo (hanya mode demo)")
                .AllowAnonymous()
                .RequireRateLimiting(RateLimits.SignIn);
        }

        return app;
    }

    public static Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult> SignIn(
        TokenRequest request, [AsParameters] SignInServices services)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var check = Check(request.Username, request.Password, services);
        if (check.Errors.Count > 0)
        {
            return Problems.Invalid(check.Errors);
        }

        if (check.Wait is { } wait)
        {
            return RateLimits.TooMany(services.Http, wait);
        }

        return check.Account is { } account
            ? TypedResults.Ok(DevTokens.Create(account, services.SigningKey, services.Time))
            : TypedResults.Unauthorized();
    }

    /// <summary>
    /// The one sign-in check, for the API's token and the pages' cookie: field errors, then the per-account back-off,
    /// then demo and local accounts. Counts failures and successes for the throttle and the metrics.
    /// </summary>
    public static SignInCheck Check(string? username, string? password, SignInServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var errors = new Validation.Errors();
        var name = errors.Text("username", username, 1, MaxUsername);
        if (password is { Length: > MaxPassword })
        {
            errors.Add("password", $"Paling banyak {MaxPassword} karakter.");
        }

        if (errors.Any)
        {
            return new SignInCheck(null, errors.List, null);
        }

        var address = RateLimits.ClientAddress(services.Http);
        if (services.Throttle.Wait(name, address) is { } wait)
        {
            services.Metrics.SignInFailed("backoff");
            return new SignInCheck(null, [], wait);
        }

        var secret = password ?? "";
        var account = services.DevTokens.Enabled && IsDemoPassword(secret)
            ? DevTokens.Accounts.FirstOrDefault(a => a.Username == name)
            : null;
        if (account is null && services.Profile.OffersLocalAccounts)
        {
            account = services.Accounts.Verify(name, secret);
        }

        if (account is null)
        {
            services.Throttle.Failed(name, address);
            services.Metrics.SignInFailed("wrong-credentials");
            return new SignInCheck(null, [], null);
        }

        services.Throttle.Succeeded(name, address);
        return new SignInCheck(account, [], null);
    }

    private static bool IsDemoPassword(string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(DevTokens.DemoPassword));
}

/// <summary>What a sign-in check found: the account, or field errors, or a back-off to wait out, or nothing (wrong).</summary>
public sealed record SignInCheck(StaffAccount? Account, IReadOnlyList<(string Field, string Message)> Errors, TimeSpan? Wait);
