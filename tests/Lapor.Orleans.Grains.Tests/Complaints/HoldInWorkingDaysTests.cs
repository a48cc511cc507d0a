using Lapor.Domain.Agencies;
using Lapor.Domain.Calendar;
using Lapor.Domain.Complaints;

namespace Lapor.Grains.Tests.Complaints;

/// <summary>A short hold on a working-day clock, driven through the grain on the fake clock.</summary>
[Collection(EngineCollection.Name)]
public sealed class HoldInWorkingDaysTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    [Fact]
    public async Task A_two_second_hold_leaves_a_working_day_verification_due_at_the_end_of_the_same_working_day()
    {
        var tree = await DefineTreeAsync(DeadlineTests.Short() with { Verification = SlaLimit.WorkingDays(3) });
        var id = await SubmitAsync(tree.Unit);
        var original = (await StaffView(id)).Deadline!;
        Assert.Equal(IndonesianZones.StartOfDay(IndonesianZones.LocalDate(original.DueAt.AddTicks(-1), AgencyZone.Wib).AddDays(1), AgencyZone.Wib), original.DueAt);

        var heldAt = Now;
        await ExecuteAsync(id, new HoldAction("Mohon lampirkan foto."), AdminOf(tree.Unit));
        await AdvanceAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        Assert.Equal(IndonesianZones.LocalDate(heldAt, AgencyZone.Wib), IndonesianZones.LocalDate(Now, AgencyZone.Wib));

        var resumed = await ExecuteAsync(id, new SupplyInformationAction("Foto terlampir."), Actor.Reporter);

        Assert.Equal(DeadlineStep.Verification, resumed.Deadline!.Step);
        Assert.Equal(original.DueAt, resumed.Deadline.DueAt);
        Assert.Equal(DeadlineRule.Limit, resumed.Deadline.Rule);
    }
}
