namespace Lapor.Grains.Tests.Complaints;

/// <summary>A complaint's state and pending reminder survive deactivation and a silo restart on real SQLite storage.</summary>
[Collection(EngineCollection.Name)]
public sealed class ComplaintDurabilityTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task State_and_pending_reminder_survive_deactivation_and_the_escalation_still_fires()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var id = await SubmitAsync(tree.Unit);
        await AdvanceAsync(TimeSpan.FromMinutes(6), Step);
        var before = await WaitUntilAsync(() => StaffView(id), v => Count(v, "warning-50") == 1, "the 50 % warning");
        before = await SettleAsync(id);

        await Fixture.Cluster.DeactivateAsync(Complaint(id));

        // Reading reactivates it from SQLite: the same version and timeline.
        var reloaded = await StaffView(id);
        Assert.Equal(before.Version, reloaded.Version);
        Assert.Equal(before.Timeline.ToArray(), reloaded.Timeline.ToArray());
        Assert.Equal(before.Deadline, reloaded.Deadline);

        // Deactivate again and leave it deactivated: only the stored reminder can wake it up.
        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceAsync(TimeSpan.FromMinutes(5), Step);
        await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Any(r => r.ComplaintId == id), "the escalation notice to the city");
        var view = await StaffView(id);
        Assert.Equal(1, Count(view, "warning-75"));
        Assert.Equal(1, Count(view, "escalated"));
        Assert.Equal(tree.City, view.Deadline!.HolderAgencyId);
    }

    [Fact]
    public async Task State_and_pending_reminder_survive_a_silo_restart_on_the_same_SQLite_folder()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        var id = await SubmitAsync(tree.Unit);
        await AdvanceAsync(TimeSpan.FromMinutes(6), Step);
        var before = await WaitUntilAsync(() => StaffView(id), v => Count(v, "warning-50") == 1, "the 50 % warning");
        before = await SettleAsync(id);

        var silo = Assert.Single(Fixture.Cluster.Silos);
        await Fixture.Cluster.RestartSiloAsync(silo);
        await Fixture.Cluster.WaitForLivenessToStabilizeAsync();

        // A new process-level silo: nothing in memory, everything from the database (state and reminder rows).
        var reloaded = await WaitUntilAsync(async () =>
        {
            try
            {
                return await StaffView(id);
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
            {
                return null;
            }
        }, v => v is not null, "the complaint after the restart", TimeSpan.FromSeconds(30));
        Assert.Equal(before.Version, reloaded!.Version);
        Assert.Equal(before.Timeline.ToArray(), reloaded.Timeline.ToArray());

        await Fixture.Cluster.DeactivateAsync(Complaint(id));
        await AdvanceAsync(TimeSpan.FromMinutes(5), Step);
        await WaitUntilAsync(() => Agency(tree.City).GetEscalations(10), e => e.Any(r => r.ComplaintId == id), "the escalation after the restart");
        var view = await StaffView(id);
        Assert.Equal(1, Count(view, "warning-75"));
        Assert.Equal(1, Count(view, "escalated"));
    }
}
