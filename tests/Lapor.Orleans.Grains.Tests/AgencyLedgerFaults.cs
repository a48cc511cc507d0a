using System.Collections.Concurrent;
using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;
using Lapor.Grains.Indexes;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Grains.Tests;

/// <summary>
/// Faults in the silo's real agency ledger, switched on by a test: the next transaction of a chosen agency fails without
/// storing anything, as when the database is out of reach while a complaint's notices are on their way; or its
/// transactions wait until the test lets them go, as behind a row lock or on a hung silo.
/// </summary>
public sealed class AgencyLedgerFaults
{
    private readonly ConcurrentDictionary<string, bool> _refuse = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, int> _waiting = new(StringComparer.Ordinal);

    public void RefuseNextTransaction(string agencyId) => _refuse[agencyId] = true;

    /// <summary>Transactions of the agency waiting at its hold now.</summary>
    public int Waiting(string agencyId) => _waiting.GetValueOrDefault(agencyId);

    /// <summary>The agency's transactions wait (before they start) until <see cref="Release"/>.</summary>
    public void Hold(string agencyId) =>
        _held[agencyId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string agencyId)
    {
        if (_held.TryRemove(agencyId, out var gate))
        {
            gate.SetResult();
        }
    }

    /// <summary>Wraps the ledger the silo registered (the last one wins, as in the container).</summary>
    public void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAgencyLedger));
        var type = registered.ImplementationType
            ?? throw new InvalidOperationException("The agency ledger was registered without a type to wrap.");
        services.Remove(registered);
        services.AddSingleton<IAgencyLedger>(sp => new Ledger((IAgencyLedger)ActivatorUtilities.CreateInstance(sp, type), this));
    }

    private sealed class Ledger(IAgencyLedger inner, AgencyLedgerFaults faults) : IAgencyLedger
    {
        public async Task<T> TransactAsync<T>(string agencyId, Func<ILedgerTransaction, Task<T>> work, CancellationToken cancellationToken = default)
        {
            if (faults._held.TryGetValue(agencyId, out var gate))
            {
                faults._waiting.AddOrUpdate(agencyId, 1, (_, n) => n + 1);
                try
                {
                    await gate.Task;
                }
                finally
                {
                    faults._waiting.AddOrUpdate(agencyId, 0, (_, n) => n - 1);
                }
            }

            return faults._refuse.TryRemove(agencyId, out _)
                ? throw new TimeoutException("The agency ledger could not be reached (fault injected by the test).")
                : await inner.TransactAsync(agencyId, work, cancellationToken);
        }

        public Task<(IReadOnlyDictionary<int, MonevFigures> Months, IReadOnlyDictionary<int, MonevFigures> Days)> ReadFiguresAsync(string agencyId,
            int scope, MonevReadPlan plan, CancellationToken cancellationToken = default) =>
            inner.ReadFiguresAsync(agencyId, scope, plan, cancellationToken);

        public Task<MonevBacklog> ReadBacklogAsync(string agencyId, int scope, (int Day3, int Day7, int Day14, int Day30) bounds,
            CancellationToken cancellationToken = default) =>
            inner.ReadBacklogAsync(agencyId, scope, bounds, cancellationToken);

        public Task<MonevNode?> ReadNodeAsync(string agencyId, CancellationToken cancellationToken = default) =>
            inner.ReadNodeAsync(agencyId, cancellationToken);

        public Task<(AgencyCounters Counters, int EscalationsReceived)> ReadTotalsAsync(string agencyId, CancellationToken cancellationToken = default) =>
            inner.ReadTotalsAsync(agencyId, cancellationToken);

        public Task<ImmutableArray<EscalationRecord>> ReadEscalationsAsync(string agencyId, int take, CancellationToken cancellationToken = default) =>
            inner.ReadEscalationsAsync(agencyId, take, cancellationToken);

        public Task<ImmutableArray<string>> MonevComplaintIdsAsync(string agencyId, CancellationToken cancellationToken = default) =>
            inner.MonevComplaintIdsAsync(agencyId, cancellationToken);
    }
}
