using Lapor.Hosting;

namespace Lapor.Api.Auth;

/// <summary>What the sign-in handler needs, bound with <c>[AsParameters]</c>.</summary>
public sealed class SignInServices(HttpContext http, IConfiguration configuration, LocalAccounts accounts, SignInThrottle throttle,
    DevTokenSettings devTokens, TokenSigningKey signingKey, Http.LaporMetrics metrics, TimeProvider time)
{
    public HttpContext Http { get; } = http;
    public IConfiguration Configuration { get; } = configuration;
    public LocalAccounts Accounts { get; } = accounts;
    public SignInThrottle Throttle { get; } = throttle;
    public DevTokenSettings DevTokens { get; } = devTokens;
    public TokenSigningKey SigningKey { get; } = signingKey;
    public Http.LaporMetrics Metrics { get; } = metrics;
    public TimeProvider Time { get; } = time;
    public DeploymentProfile Profile => DeploymentProfile.From(Configuration);
}
