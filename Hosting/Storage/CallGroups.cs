namespace Lapor.Hosting.Storage;

/// <summary>
/// Gathers calls from concurrent callers into groups: while one group is being run the next gathers, so each group costs
/// one round trip (and, for writes, one commit) however many callers it answers. A lone call starts at once (no added
/// wait). A failed group fails every caller in it. Used where Orleans' ADO.NET providers would read or write one row per
/// round trip, and by the embedded database's one write connection (<see cref="SqliteWriter"/>).
/// </summary>
internal sealed class CallGroups<TItem, TAnswer>(Func<IReadOnlyList<TItem>, Task<TAnswer[]>> run)
{
    /// <summary>Bounds one statement batch; a larger backlog goes in several groups back to back.</summary>
    internal const int MaxGroup = 256;

    private readonly Lock _gate = new();
    private List<Pending> _waiting = [];
    private bool _running;
    private long _groupsRun;

    /// <summary>How many groups were run (for writes, each one commit).</summary>
    internal long GroupsRun => Interlocked.Read(ref _groupsRun);

    public Task<TAnswer> CallAsync(TItem item)
    {
        var pending = new Pending(item, new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously), WithNext: false);
        Enqueue([pending]);
        return pending.Answer.Task;
    }

    /// <summary>Calls that always run in the same group (one batch, one commit), answered in their order.</summary>
    public Task<TAnswer[]> CallTogetherAsync(IReadOnlyList<TItem> items)
    {
        var pendings = items.Select((item, i) => new Pending(item,
            new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously), WithNext: i < items.Count - 1)).ToArray();
        Enqueue(pendings);
        return Task.WhenAll(pendings.Select(p => p.Answer.Task));
    }

    private void Enqueue(Pending[] pendings)
    {
        lock (_gate)
        {
            _waiting.AddRange(pendings);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        // Off the caller's thread: callers keep arriving (and join the next group) meanwhile, and a synchronous
        // provider (SQLite) never holds up a grain's scheduler.
        _ = Task.Run(RunGroupsAsync);
    }

    private async Task RunGroupsAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }

                // Calls made together are never split between two groups.
                var take = Math.Min(MaxGroup, _waiting.Count);
                while (_waiting[take - 1].WithNext)
                {
                    take++;
                }

                group = take == _waiting.Count ? _waiting : _waiting[..take];
                _waiting = take == _waiting.Count ? [] : _waiting[take..];
            }

            try
            {
                var answers = await run([.. group.Select(p => p.Item)]);
                Interlocked.Increment(ref _groupsRun);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Answer.SetResult(answers[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var pending in group)
                {
                    pending.Answer.SetException(e);
                }
            }
        }
    }

    /// <param name="Item">The call.</param>
    /// <param name="Answer">Its answer, once its group ran.</param>
    /// <param name="WithNext">True when the next call was made together with this one (same group).</param>
    private sealed record Pending(TItem Item, TaskCompletionSource<TAnswer> Answer, bool WithNext);
}
