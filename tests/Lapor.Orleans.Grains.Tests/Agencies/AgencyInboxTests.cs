using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;

namespace Lapor.Grains.Tests.Agencies;

/// <summary>An agency's inbox and counters as a complaint moves through it.</summary>
[Collection(EngineCollection.Name)]
public sealed class AgencyInboxTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task Inbox_lists_the_complaint_at_unit_and_agency_until_closed_and_counters_add_up()
    {
        var tree = await DefineTreeAsync(Short());
        var id = await SubmitAsync(null);
        await ExecuteAsync(id, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(id, new RouteToUnitAction(tree.Unit, "Mohon segera ditindaklanjuti."), AdminOf(tree.City));

        foreach (var agency in new[] { tree.City, tree.Unit })
        {
            var page = await InboxOf(agency, 10);
            var item = Assert.Single(page.Items);
            Assert.Equal(1, page.Total);
            Assert.Equal(id, item.ComplaintId);
            Assert.Equal(InboxRole.Primary, item.Role);
            Assert.Equal(DeadlineStep.FirstResponse, item.Step);
        }

        Assert.Equal(0, (await InboxOf(tree.Province, 10)).Total);

        await ExecuteAsync(id, new FollowUpAction("Sedang ditinjau."), OfficerOf(tree.Unit));
        Assert.Equal(DeadlineStep.Resolution, (await InboxOf(tree.Unit, 10)).Items.Single().Step);
        await ExecuteAsync(id, new ResolveAction("Selesai diperbaiki."), OfficerOf(tree.Unit));
        var closed = await ExecuteAsync(id, new ConfirmAction(5, "Terima kasih."), Actor.Reporter);
        Assert.Equal(ComplaintStatus.Closed, closed.Status);

        foreach (var agency in new[] { tree.City, tree.Unit })
        {
            Assert.Equal(0, (await InboxOf(agency, 10)).Total);
            var summary = (await Agency(agency).GetSummary())!;
            Assert.Equal(new AgencyCounters(Received: 1, FollowedUp: 1, Resolved: 1, Breached: 0, Escalated: 0), summary.Counters);
            Assert.Equal(0, summary.ActiveComplaints);
        }

        Assert.Equal(AgencyCounters.Zero, (await Agency(tree.Province).GetSummary())!.Counters);
    }
}
