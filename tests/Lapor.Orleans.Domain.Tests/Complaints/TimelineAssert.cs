using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

public static class TimelineAssert
{
    /// <summary>
    /// The change appended one or more entries after the untouched earlier ones: consecutive sequence numbers, a
    /// chain of From/To from <paramref name="from"/> to <paramref name="to"/>, by <paramref name="actor"/> at <paramref name="at"/>.
    /// </summary>
    public static void AppendedOnly(IReadOnlyList<TimelineEntry> earlier, IReadOnlyList<TimelineEntry> now,
        ComplaintStatus from, ComplaintStatus to, Actor actor, DateTimeOffset at)
    {
        Assert.True(now.Count > earlier.Count, "no timeline entry was appended");
        Assert.Equal(earlier, now.Take(earlier.Count));
        var added = now.Skip(earlier.Count).ToList();
        var status = from;
        for (var i = 0; i < added.Count; i++)
        {
            var e = added[i];
            Assert.Equal(earlier.Count + i + 1, e.Sequence);
            Assert.Equal(status, e.From);
            Assert.Equal(actor.Id, e.ActorId);
            Assert.Equal(actor.Role, e.ActorRole);
            Assert.Equal(at, e.At);
            status = e.To;
        }

        Assert.Equal(to, status);
    }
}
