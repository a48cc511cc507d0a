using Lapor.Api.Auth;
using Lapor.Api.Http;
using Lapor.Grains.Complaints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lapor.Api.Complaints;

/// <summary>What the complaint handlers need, bound with <c>[AsParameters]</c>, and the checks every code goes through.</summary>
public sealed class ComplaintServices(HttpContext http, IGrainFactory grains, IAuthorizationService authorization, SubmissionKeys keys,
    TrackingCodes codes, LegacyCodeGuard legacyCodes, LaporMetrics metrics, TimeProvider time)
{
    public HttpContext Http { get; } = http;
    public IGrainFactory Grains { get; } = grains;
    public IAuthorizationService Authorization { get; } = authorization;
    public SubmissionKeys Keys { get; } = keys;
    public TrackingCodes Codes { get; } = codes;
    public LegacyCodeGuard LegacyCodes { get; } = legacyCodes;
    public LaporMetrics Metrics { get; } = metrics;
    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Null when the code is worth a look-up. Otherwise the answer, before any grain is touched: 404 for a code that
    /// cannot be ours (malformed, wrong check value), 429 when this address has missed too many first-format codes.
    /// </summary>
    public ProblemHttpResult? Screen(string code)
    {
        switch (Codes.Classify(code))
        {
            case TrackingCodeKind.Checked:
                return null;
            case TrackingCodeKind.Legacy when Codes.AcceptsLegacy:
                if (LegacyCodes.Wait(RateLimits.ClientAddress(Http)) is not { } wait)
                {
                    return null;
                }

                Metrics.CodeRefused("legacy-throttled");
                return RateLimits.TooMany(Http, wait);
            default:
                Metrics.CodeRefused("invalid");
                return Problems.NotFound();
        }
    }

    /// <summary>A looked-up code did not exist: first-format misses count against the address.</summary>
    public void Missed(string code)
    {
        if (Codes.Classify(code) == TrackingCodeKind.Legacy)
        {
            LegacyCodes.Missed(RateLimits.ClientAddress(Http));
        }
    }

    /// <summary>
    /// Whether the signed-in staff member may see the complaint at all (its chains include their agency, or they read
    /// everything). A complaint they may not see answers exactly like one that does not exist.
    /// </summary>
    public async Task<bool> StaffMaySeeAsync(string code, IComplaintGrain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var scope = await Transient.RetryAsync(grain.GetScope);
        if (scope is null)
        {
            Missed(code);
            return false;
        }

        return (await Authorization.AuthorizeAsync(Http.User, scope, Policies.ComplaintAccess)).Succeeded;
    }
}
