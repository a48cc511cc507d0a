using System.Collections.Immutable;
using Lapor.Domain.Agencies;
using Lapor.Domain.Monev;

namespace Lapor.Grains.Agencies;

/// <summary>
/// The rows of an agency's ranking, kept per child and per query. A child's row changes only when its subtree's
/// figures do, and every such change reaches this agency as that child's roll-up call (or, for its name and level,
/// as its profile changing): <see cref="Changed"/> then retires the child's rows. A ranking read again asks only the
/// children whose rows were retired, instead of every child on every read. A row is at least as fresh as this
/// agency's own subtree figures, which move with the same calls. Bounded by the children times <see cref="CachedQueries"/>.
/// </summary>
internal sealed class ChildStandings
{
    /// <summary>Queries kept at once; beyond this the cache starts over.</summary>
    private const int CachedQueries = 16;

    /// <summary>Per child, the count of changes heard of; a row read at an older count is retired.</summary>
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);

    private readonly Dictionary<MonevQuery, Dictionary<string, (long Generation, Task<MonevStanding?> Row)>> _rows = [];

    /// <summary>The child's subtree figures or profile changed: its rows are read again.</summary>
    public void Changed(string childId) => _generations[childId] = Generation(childId) + 1;

    /// <summary>
    /// The rows of <paramref name="children"/> for <paramref name="query"/>, in their order; a child that no longer
    /// exists is left out. A row is read with <paramref name="read"/> when none is kept at the child's current
    /// generation; readers arriving meanwhile share that read. A read that fails is not kept.
    /// </summary>
    public async Task<ImmutableArray<MonevStanding>> ReadAsync(MonevQuery query, IReadOnlyList<string> children,
        Func<string, Task<MonevStanding?>> read)
    {
        if (!_rows.TryGetValue(query, out var kept))
        {
            if (_rows.Count >= CachedQueries)
            {
                _rows.Clear();
            }

            _rows[query] = kept = new Dictionary<string, (long, Task<MonevStanding?>)>(StringComparer.Ordinal);
        }

        var rows = new Task<MonevStanding?>[children.Count];
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            var generation = Generation(child);
            if (!kept.TryGetValue(child, out var row) || row.Generation != generation || row.Row.IsFaulted || row.Row.IsCanceled)
            {
                // Started at the generation of now: a change heard of while it runs retires it like any older row.
                row = (generation, read(child));
                kept[child] = row;
            }

            rows[i] = row.Row;
        }

        var found = await Task.WhenAll(rows);
        return [.. found.OfType<MonevStanding>()];
    }

    private long Generation(string childId) => _generations.GetValueOrDefault(childId);
}
