using Microsoft.AspNetCore.Authorization;

namespace Lapor.Api.Complaints;

/// <summary>What the complaint handlers need, bound with <c>[AsParameters]</c>.</summary>
public sealed class ComplaintServices(HttpContext http, IGrainFactory grains, IAuthorizationService authorization, SubmissionKeys keys, TimeProvider time)
{
    public HttpContext Http { get; } = http;
    public IGrainFactory Grains { get; } = grains;
    public IAuthorizationService Authorization { get; } = authorization;
    public SubmissionKeys Keys { get; } = keys;
    public TimeProvider Time { get; } = time;
}
