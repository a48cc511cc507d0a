using Lapor.Grains.Indexes;

namespace Lapor.Api.Agencies;

/// <summary>What the agency and monev handlers need, bound with <c>[AsParameters]</c>.</summary>
public sealed class AgencyServices(HttpContext http, IGrainFactory grains, TimeProvider time, IInboxIndex inbox)
{
    public HttpContext Http { get; } = http;
    public IGrainFactory Grains { get; } = grains;
    public TimeProvider Time { get; } = time;
    public IInboxIndex Inbox { get; } = inbox;
}
