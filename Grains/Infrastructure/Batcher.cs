namespace Lapor.Grains.Infrastructure;

/// <summary>
/// Batches work items of an interleaving grain: callers enqueue within one turn and await their item's flush; while
/// one flush runs, later items gather and go together in the next. Under load one storage transaction carries many
/// items instead of one each queued behind the other. Orleans runs one turn of a grain at a time, so no locks.
/// </summary>
public sealed class Batcher<T>(Func<IReadOnlyList<T>, Task> flush)
{
    private List<(T Item, TaskCompletionSource Done)> _pending = [];
    private bool _flushing;

    public Task EnqueueAsync(T item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((item, done));
        if (!_flushing)
        {
            _ = FlushLoopAsync();
        }

        return done.Task;
    }

    private async Task FlushLoopAsync()
    {
        _flushing = true;
        try
        {
            while (_pending.Count > 0)
            {
                var batch = _pending;
                _pending = [];
                try
                {
                    await flush([.. batch.Select(b => b.Item)]);
                    batch.ForEach(b => b.Done.SetResult());
                }
                catch (Exception e)
                {
                    batch.ForEach(b => b.Done.SetException(e));
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }
}
