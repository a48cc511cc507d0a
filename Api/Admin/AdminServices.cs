using Lapor.Grains.Calendar;

namespace Lapor.Api.Admin;

/// <summary>What the administration and calendar handlers need, bound with <c>[AsParameters]</c>.</summary>
public sealed class AdminServices(IGrainFactory grains, CalendarCache cache, TimeProvider time, Web.AgencyDirectory directory)
{
    public IGrainFactory Grains { get; } = grains;
    /// <summary>The pages' agency list on this host, forgotten when an agency changes through either door.</summary>
    public Web.AgencyDirectory Directory { get; } = directory;
    public CalendarCache Cache { get; } = cache;
    public TimeProvider Time { get; } = time;
}
