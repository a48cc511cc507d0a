using Lapor.Hosting.Storage;

namespace Lapor.Storage.Tests;

public abstract class ClusterScenario
{
    // Agency-style slug key (64 characters) and a complaint key, as the real grains use.
    protected const string ComplaintKey = "LPR-0123456789";
    protected static readonly string AgencyKey = "dinas-" + new string('x', 58);

    /// <summary>
    /// Writes state, reads it back after deactivation, registers a reminder that fires and persists its ticks,
    /// then restarts the whole cluster on the same database and checks state and reminder both survived.
    /// </summary>
    protected static async Task RunAsync(LaporStorageOptions storage, Func<Task<List<(string GrainId, string Name)>>> reminderRows)
    {
        Assert.True(AgencyKey.Length == 64);
        var serviceId = "lapor-svc-" + Guid.NewGuid().ToString("N")[..8];

        await using (var cluster = await LaporTestCluster.StartAsync(storage, serviceId))
        {
            var complaint = cluster.Client.GetGrain<IProbeGrain>(ComplaintKey);
            await complaint.SetValueAsync("diterima");
            await complaint.SetValueAsync("diproses");
            await complaint.DeactivateAsync();
            Assert.Equal("diproses", await complaint.GetValueAsync());

            var agency = cluster.Client.GetGrain<IProbeGrain>(AgencyKey);
            await agency.StartReminderAsync(TimeSpan.FromSeconds(1));
            await Eventually.WaitAsync(agency.GetTicksAsync, t => t >= 2, TimeSpan.FromSeconds(60), "two reminder ticks");

            var rows = await reminderRows();
            Assert.Contains(rows, r => r.GrainId.EndsWith(AgencyKey, StringComparison.Ordinal) && r.Name == ProbeGrain.ReminderName);

            // The reminder re-activates the grain after deactivation.
            var before = await agency.GetTicksAsync();
            await agency.DeactivateAsync();
            await Eventually.WaitAsync(agency.GetTicksAsync, t => t > before, TimeSpan.FromSeconds(60), "a tick after deactivation");
            await cluster.StopAsync();
        }

        await using (var cluster = await LaporTestCluster.StartAsync(storage, serviceId))
        {
            var complaint = cluster.Client.GetGrain<IProbeGrain>(ComplaintKey);
            Assert.Equal("diproses", await complaint.GetValueAsync());

            var agency = cluster.Client.GetGrain<IProbeGrain>(AgencyKey);
            var afterRestart = await agency.GetTicksAsync();
            Assert.True(afterRestart >= 3, $"ticks persisted across the restart: {afterRestart}");
            await Eventually.WaitAsync(agency.GetTicksAsync, t => t > afterRestart, TimeSpan.FromSeconds(60), "a tick after a cluster restart");

            await agency.StopReminderAsync();
            Assert.DoesNotContain(await reminderRows(), r => r.GrainId.EndsWith(AgencyKey, StringComparison.Ordinal));
            await cluster.StopAsync();
        }
    }

    protected static async Task AssertStartFailsWithSchemaMessage(LaporStorageOptions storage)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var cluster = await LaporTestCluster.StartAsync(storage, "lapor-svc-empty", timeout.Token);
        });
        var schema = ExceptionSearch.Find<LaporSchemaException>(e);
        Assert.True(schema is not null, $"expected a LaporSchemaException, got: {e}");
        Assert.Contains(SchemaCheck.ApplyCommand, schema.Message, StringComparison.Ordinal);
    }
}
