using Lapor.Domain.Complaints;

namespace Lapor.Domain.Tests.Complaints;

public class TimelineTests
{
    [Fact]
    public void A_whole_life_only_ever_appends_entries_with_increasing_sequence_and_chained_statuses()
    {
        var sc = new Scenario();
        sc.Submit();
        var steps = new List<Action>
        {
            () => sc.Ok(new HoldAction("Foto?"), Actors.NationalAdmin),
            () => sc.Ok(new SupplyInformationAction("Foto."), Actor.Reporter),
            () => sc.Ok(Scenario.RouteTo(AgencyTree.KotaMalang), Actors.Admin(AgencyTree.KotaMalang)),
            () => sc.Ok(new RouteToUnitAction(AgencyTree.Dishub, null), Actors.Admin(AgencyTree.KotaMalang)),
            () => sc.Ok(new AddRelatedAgencyAction(AgencyTree.Kemenkes, null), Actors.NationalAdmin),
            () => sc.Tick(sc.NextAlarm!.Value),
            () => sc.Tick(sc.NextAlarm!.Value),
            () => sc.Ok(new FollowUpAction("Ditinjau."), Actors.Officer(AgencyTree.Dishub)),
            () => sc.Ok(new ReplyAction("Terima kasih."), Actor.Reporter),
            () => sc.Ok(new ResolveAction("Selesai."), Actors.Officer(AgencyTree.Dishub)),
            () => sc.Ok(new ReplyAction("Belum."), Actor.Reporter),
            () => sc.Ok(new ResolveAction("Selesai lagi."), Actors.Officer(AgencyTree.Dishub)),
            () => sc.Tick(sc.State.Intake!.Clock!.DueAt),
            () => sc.Ok(new RateAction(4, null), Actor.Reporter),
            () => sc.Ok(new ReopenAction("Rusak lagi."), Actor.Reporter),
        };

        foreach (var step in steps)
        {
            var earlier = sc.State.Timeline.ToList();
            var status = sc.State.Status;
            var version = sc.State.Version;

            step();

            Assert.Equal(version + 1, sc.State.Version);
            Assert.True(sc.State.Timeline.Count > earlier.Count);
            Assert.Equal(earlier, sc.State.Timeline.Take(earlier.Count));
            var from = status;
            foreach (var e in sc.State.Timeline.Skip(earlier.Count))
            {
                Assert.Equal(from, e.From);
                Assert.Equal(sc.Now, e.At);
                from = e.To;
            }

            Assert.Equal(sc.State.Status, from);
        }

        Assert.Equal(Enumerable.Range(1, sc.State.Timeline.Count), sc.State.Timeline.Select(e => e.Sequence));
        Assert.Equal(ComplaintStatus.InProgress, sc.State.Status);
        Assert.Contains(sc.State.Timeline, e => e.Action == "auto-closed" && e.ActorRole == ActorRole.System);
    }
}
