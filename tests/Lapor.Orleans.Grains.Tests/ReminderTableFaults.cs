using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Grains.Tests;

/// <summary>
/// Faults in the silo's real reminder table, switched on by a test: the next upsert for a chosen grain is stored and
/// then its answer is lost, as when the silo that owns the reminder dies right after writing the row; or it fails
/// without storing anything, as when the database is out of reach.
/// </summary>
public sealed class ReminderTableFaults
{
    private readonly ConcurrentDictionary<GrainId, bool> _loseAnswer = new();
    private readonly ConcurrentDictionary<GrainId, bool> _refuse = new();

    public void LoseNextUpsertAnswer(GrainId grain) => _loseAnswer[grain] = true;

    public void RefuseNextUpsert(GrainId grain) => _refuse[grain] = true;

    /// <summary>Wraps the reminder table the silo registered (the last one wins, as in the container).</summary>
    public void Install(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("The silo registered no reminder table to wrap.");
        Func<IServiceProvider, object> create = registered.ImplementationFactory
            ?? (registered.ImplementationType is { } type
                ? sp => ActivatorUtilities.CreateInstance(sp, type)
                : throw new InvalidOperationException("The silo's reminder table is neither a type nor a factory."));
        services.Remove(registered);
        services.AddSingleton<IReminderTable>(sp => new Table((IReminderTable)create(sp), this));
    }

    private sealed class Table(IReminderTable inner, ReminderTableFaults faults) : IReminderTable
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

        public async Task<string?> UpsertRow(ReminderEntry entry)
        {
            if (faults._refuse.TryRemove(entry.GrainId, out _))
            {
                throw new TimeoutException("The reminder table could not be reached (fault injected by the test).");
            }

            var etag = await inner.UpsertRow(entry);
            return faults._loseAnswer.TryRemove(entry.GrainId, out _)
                ? throw new TimeoutException("The reminder row was stored but its answer was lost (fault injected by the test).")
                : etag;
        }

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);
    }
}
