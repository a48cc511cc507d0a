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
        var errors = new Validation.Errors();
        var username = errors.Text("username", request.Username, 1, MaxUsername);
        if (request.Password is { Length: > MaxPassword })
        {
            errors.Add("password", $"Paling banyak {MaxPassword} karakter.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.List);
        }

        var address = RateLimits.ClientAddress(services.Http);
        if (services.Throttle.Wait(username, address) is { } wait)
        {
            services.Metrics.SignInFailed("backoff");
            return RateLimits.TooMany(services.Http, wait);
        }

        var password = request.Password ?? "";
        var account = services.DevTokens.Enabled && IsDemoPassword(password)
            ? DevTokens.Accounts.FirstOrDefault(a => a.Username == username)
            : null;
        if (account is null && services.Profile.OffersLocalAccounts)
        {
            account = services.Accounts.Verify(username, password);
        }

        if (account is null)
        {
            services.Throttle.Failed(username, address);
            services.Metrics.SignInFailed("wrong-credentials");
            return TypedResults.Unauthorized();
        }

        services.Throttle.Succeeded(username, address);
        return TypedResults.Ok(DevTokens.Create(account, services.SigningKey, services.Time));
    }

    private static bool IsDemoPassword(string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(DevTokens.DemoPassword));
}
