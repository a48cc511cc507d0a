using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Grains.Indexes;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>The public feed: routed public complaints only.</summary>
[Collection(EngineCollection.Name)]
public sealed class PublicFeedTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task Public_feed_lists_a_routed_public_complaint_and_never_a_confidential_one()
    {
        var tree = await DefineTreeAsync(Short());
        var open = await SubmitAsync(null);
        var secret = await SubmitAsync(null, confidential: true);
        async Task<string[]> Listed(string? agencyId) =>
            [.. (await Fixture.Public.PageAsync(new PublicQuery { AgencyId = agencyId, PageSize = 200 })).Items.Select(i => i.Id)];

        // Submitted (not yet verified) complaints are not published.
        Assert.Empty(await Listed(tree.City));

        await ExecuteAsync(open, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(secret, new RouteAction(tree.City, ResolutionClass.Light, null, null, null), NationalAdmin);
        await ExecuteAsync(secret, new FollowUpAction("Ditangani."), OfficerOf(tree.City));

        var page = await Fixture.Public.PageAsync(new PublicQuery { AgencyId = tree.City });
        var item = Assert.Single(page.Items);
        Assert.Equal(open, item.Id);
        Assert.Equal(ComplaintStatus.Routed, item.Status);
        Assert.Equal(tree.City, item.AgencyId);
        Assert.DoesNotContain(secret, await Listed(null));
        Assert.Null(await Complaint(secret).View(Viewer.Public));
        Assert.NotNull(await Complaint(open).View(Viewer.Public));

        // Marking it confidential at verification also keeps it out.
        var marked = await SubmitAsync(null);
        await ExecuteAsync(marked, new RouteAction(tree.City, ResolutionClass.Light, null, null, Confidential: true), NationalAdmin);
        Assert.Equal([open], await Listed(tree.City));
    }
}
