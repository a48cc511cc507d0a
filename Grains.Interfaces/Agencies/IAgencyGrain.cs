using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Complaints;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Agencies;

/// <summary>One node of the agency tree (the national root, a ministry, a province, a city, a work unit).</summary>
[Alias("lapor.IAgencyGrain")]
public interface IAgencyGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the agency. Refuses an unknown parent, a cycle, or a changed parent with open work.</summary>
    [Alias("Define")]
    Task<Rejection?> Define(AgencyProfile profile);

    [Alias("SetPolicy")]
    Task<Rejection?> SetPolicy(SlaPolicy policy);

    [Alias("GetSummary"), Orleans.Concurrency.ReadOnly]
    Task<AgencySummary?> GetSummary();

    /// <summary>
    /// The profile and the children, from the grain's state alone: for callers that walk or show the tree and need none
    /// of the counters <see cref="GetSummary"/> reads from the database. Null when the agency does not exist.
    /// </summary>
    [Alias("GetPlace"), Orleans.Concurrency.ReadOnly]
    Task<AgencyPlace?> GetPlace();

    /// <summary>
    /// Zone, path to the root and effective SLA policy; null when the agency does not exist. Interleaves with every
    /// call, so routing lookups never queue behind writes and a parent chain that leads back here (a cycle being
    /// defined) answers instead of waiting on itself.
    /// </summary>
    [Alias("GetRouting"), Orleans.Concurrency.AlwaysInterleave]
    Task<AgencyRouting?> GetRouting();

    /// <summary>Adds a child, or hears that a child's profile changed (its row in the ranking is read again).</summary>
    [Alias("AttachChild")]
    Task AttachChild(string childId);

    [Alias("DetachChild")]
    Task DetachChild(string childId);

    /// <summary>Counts a notice's monev facts, totals and escalation. Interleaves so concurrent notices share one transaction.</summary>
    [Alias("Notify"), Orleans.Concurrency.AlwaysInterleave]
    Task Notify(ComplaintNotice notice);

    /// <summary>
    /// Adds a child's numbered subtree changes to this agency's subtree (each at most once) and passes them on to its own
    /// parent, returning once that parent acknowledged them or the roll-up wait passed (docs/monev.md, "Roll-up").
    /// Interleaves so concurrent changes share one transaction.
    /// </summary>
    [Alias("RollUp"), Orleans.Concurrency.AlwaysInterleave]
    Task RollUp(string childId, ImmutableArray<MonevPush> changes);

    /// <summary>Subtree changes stored for the parent and not acknowledged by it yet (0: every ancestor has them).</summary>
    [Alias("GetMonevPending"), Orleans.Concurrency.AlwaysInterleave]
    Task<int> GetMonevPending();

    [Alias("GetEscalations"), Orleans.Concurrency.ReadOnly]
    Task<ImmutableArray<EscalationRecord>> GetEscalations(int take);

    /// <summary>
    /// Monev figures per period: this agency's own, or (<paramref name="subtree"/>) summed over it and every agency
    /// below it, read from its own rows (no agency below is asked). Null when the agency does not exist. Interleaves:
    /// it only reads.
    /// </summary>
    [Alias("GetMonev"), Orleans.Concurrency.AlwaysInterleave]
    Task<MonevReport?> GetMonev(MonevQuery query, bool subtree);

    /// <summary>
    /// The profile with the subtree's figures for <paramref name="query"/>, as <see cref="GetMonev"/> gives them: a row of
    /// the parent's ranking in one call, reading neither the totals nor the inbox. Null when the agency does not exist.
    /// </summary>
    [Alias("GetMonevRow"), Orleans.Concurrency.AlwaysInterleave]
    Task<AgencyMonevRow?> GetMonevRow(MonevQuery query);

    /// <summary>
    /// The ranking's rows: each child's profile with its subtree's figures for <paramref name="query"/>, in the order of
    /// the children. Kept per child until that child hands up a change or its profile changes, so a ranking read again
    /// asks only the children whose figures moved (docs/monev.md, "Rankings"). Empty when the agency does not exist or
    /// has no children. Interleaves: it only reads.
    /// </summary>
    [Alias("GetChildStandings"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableArray<MonevStanding>> GetChildStandings(MonevQuery query);

    /// <summary>Starts a rebuild: the next generation and the complaints whose journals it needs.</summary>
    [Alias("BeginMonevRebuild")]
    Task<MonevRebuildStart> BeginMonevRebuild();

    /// <summary>Switches to figures rebuilt from <paramref name="journals"/>; false when another rebuild superseded it.</summary>
    [Alias("CompleteMonevRebuild")]
    Task<bool> CompleteMonevRebuild(int generation, ImmutableArray<MonevFactsAt> journals);
}
