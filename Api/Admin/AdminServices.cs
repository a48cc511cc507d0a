using Lapor.Grains.Calendar;

namespace Lapor.Api.Admin;

/// <summary>What the administration and calendar handlers need, bound with <c>[AsParameters]</c>.</summary>
public sealed class AdminServices(IGrainFactory grains, CalendarCache cache, TimeProvider time)
{
    public IGrainFactory Grains { get; } = grains;
    public CalendarCache Cache { get; } = cache;
    public TimeProvider Time { get; } = time;
}
