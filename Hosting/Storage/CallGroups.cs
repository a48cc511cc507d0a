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
        var pending = new Pending(item, new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _waiting.Add(pending);
            if (_running)
            {
                return pending.Answer.Task;
            }

            _running = true;
        }

        // Off the caller's thread: callers keep arriving (and join the next group) meanwhile, and a synchronous
        // provider (SQLite) never holds up a grain's scheduler.
        _ = Task.Run(RunGroupsAsync);
        return pending.Answer.Task;
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

                group = _waiting.Count <= MaxGroup ? _waiting : _waiting[..MaxGroup];
                _waiting = _waiting.Count <= MaxGroup ? [] : _waiting[MaxGroup..];
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

    private sealed record Pending(TItem Item, TaskCompletionSource<TAnswer> Answer);
}
