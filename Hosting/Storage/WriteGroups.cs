namespace Lapor.Hosting.Storage;

/// <summary>
/// Gathers writes from concurrent callers into groups: while one group is being written the next gathers, so each group
/// costs one round trip and one commit however many callers it answers. A lone write starts at once (no added wait).
/// A failed group fails every caller in it. Used where Orleans' ADO.NET providers would write one row per transaction.
/// </summary>
internal sealed class WriteGroups<TItem, TAnswer>(Func<IReadOnlyList<TItem>, Task<TAnswer[]>> write)
{
    /// <summary>Bounds one statement batch; a larger backlog goes in several groups back to back.</summary>
    internal const int MaxGroup = 256;

    private readonly Lock _gate = new();
    private List<Pending> _waiting = [];
    private bool _writing;
    private long _groupsWritten;

    /// <summary>How many groups were written (each one commit).</summary>
    internal long GroupsWritten => Interlocked.Read(ref _groupsWritten);

    public Task<TAnswer> WriteAsync(TItem item)
    {
        var pending = new Pending(item, new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _waiting.Add(pending);
            if (_writing)
            {
                return pending.Answer.Task;
            }

            _writing = true;
        }

        // Off the caller's thread: callers keep arriving (and join the next group) meanwhile, and a synchronous
        // provider (SQLite) never holds up a grain's scheduler.
        _ = Task.Run(WriteGroupsAsync);
        return pending.Answer.Task;
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                group = _waiting.Count <= MaxGroup ? _waiting : _waiting[..MaxGroup];
                _waiting = _waiting.Count <= MaxGroup ? [] : _waiting[MaxGroup..];
            }

            try
            {
                var answers = await write([.. group.Select(p => p.Item)]);
                Interlocked.Increment(ref _groupsWritten);
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
