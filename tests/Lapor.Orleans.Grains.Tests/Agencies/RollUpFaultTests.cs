using Lapor.Domain.Monev;
using Lapor.Domain.Agencies;

namespace Lapor.Grains.Tests.Agencies;

/// <summary>
/// An agency answers its callers once its parent acknowledged their change, or after the roll-up wait (two seconds)
/// when the parent is slow, or at once when the parent fails: the change is stored in its outbox and goes on without
/// them, with the next batch or the roll-up reminder (a minute). A slow or failing ancestor never holds the notices of
/// the agencies below it, and its figures still come out exact.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RollUpFaultTests(EngineClusterFixture fixture) : EngineTestBase(fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_hung_parent_holds_the_notices_below_it_only_for_the_roll_up_wait_and_gets_the_change_once_it_answers()
    {
        // Limits in working days: no deadline falls within the minutes the clock moves here.
        var tree = await DefineTreeAsync(new SlaPolicy());
        Fixture.LedgerFaults.Hold(tree.Province);
        try
        {
            var id = await SubmitAsync(tree.Unit);

            // The notice is answered once the roll-up wait has passed on the clock, not when the province answers: the
            // unit stored its inbox line and the city acknowledged the unit's change, whose own wait started a little
            // later. (The clock moves on until both: on a busy machine a wait may start after the first steps.)
            var limit = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((!(await InboxOf(tree.Unit)).Items.Any(i => i.ComplaintId == id) || await Agency(tree.Unit).GetMonevPending() > 0)
                && DateTime.UtcNow < limit)
            {
                await AdvanceAsync(TimeSpan.FromMilliseconds(200), Step);
            }

            Assert.Equal(1, Count(await StaffView(id), "submitted"));
            Assert.Contains((await InboxOf(tree.Unit)).Items, i => i.ComplaintId == id);
            Assert.Equal(0, await Agency(tree.Unit).GetMonevPending());
            Assert.Equal(1, await Agency(tree.City).GetMonevPending());
            Assert.Equal(1, await ReceivedAsync(tree.City));
            Assert.Equal(0, await ReceivedAsync(tree.Province));
        }
        finally
        {
            Fixture.LedgerFaults.Release(tree.Province);
        }

        // The hand-over still under way completes: the province and every ancestor above it count the complaint.
        await WaitUntilAsync(() => Agency(tree.City).GetMonevPending(), n => n == 0, "the city's change acknowledged");
        Assert.Equal(1, await ReceivedAsync(tree.Province));
        Assert.Equal(0, await Agency(tree.Province).GetMonevPending());
    }

    [Fact]
    public async Task A_failing_parent_does_not_fail_the_notices_below_it_and_gets_the_change_from_the_roll_up_reminder()
    {
        var tree = await DefineTreeAsync(Short(verification: 10));
        Fixture.LedgerFaults.RefuseNextTransaction(tree.Province);
        var id = await SubmitAsync(tree.Unit);
        await InboxLineAsync(tree.Unit, id);
        await WaitUntilAsync(() => ReminderRowsAsync(tree.City), n => n == 1, "the city's roll-up reminder");
        await WaitUntilAsync(() => Agency(tree.Unit).GetMonevPending(), n => n == 0, "the unit's change acknowledged by the city");

        // The unit's change was acknowledged by the city, whose own hand-over failed: it waits in the city's outbox,
        // and no complaint sends anything again.
        Assert.Equal(0, await Agency(tree.Unit).GetMonevPending());
        Assert.Equal(1, await Agency(tree.City).GetMonevPending());
        Assert.Equal(0, await ReceivedAsync(tree.Province));
        Assert.Equal(1, await ReminderRowsAsync(tree.City));

        // Nothing else comes to the city: its roll-up reminder sends the change a minute later.
        await AdvanceAsync(TimeSpan.FromMinutes(1), Step);
        await WaitUntilAsync(() => Agency(tree.City).GetMonevPending(), n => n == 0, "the city's change sent by its reminder");
        Assert.Equal(1, await ReceivedAsync(tree.Province));
        Assert.Equal(1, await ReceivedAsync(tree.City));

        // With nothing left to send, that tick takes the reminder away.
        await WaitUntilAsync(() => ReminderRowsAsync(tree.City), n => n == 0, "the city's roll-up reminder gone");
    }

    /// <summary>Complaints received this month in the agency's subtree figures.</summary>
    private async Task<long> ReceivedAsync(string agencyId)
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var report = await Agency(agencyId).GetMonev(new MonevQuery(MonevPeriod.Month, today, today), subtree: true);
        return report!.Buckets.Sum(b => b.Figures.Received);
    }
}
