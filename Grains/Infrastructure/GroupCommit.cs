namespace Lapor.Grains.Infrastructure;

/// <summary>
/// Group commit for a grain whose writers interleave: each caller changes state in memory within one turn, then
/// <see cref="SaveAsync"/> returns once a write that started after its change has finished. Under load one write
/// carries many changes instead of one full-state write per change queued behind each other. Orleans never runs two
/// turns of a grain at once, so the counters need no locks.
/// </summary>
public sealed class GroupCommit(Func<Task> write, Action onFailure)
{
    private long _changed;
    private long _stored;
    private Task? _writing;

    public async Task SaveAsync()
    {
        var mine = ++_changed;
        while (_stored < mine)
        {
            if (_writing is null || _writing.IsCompleted)
            {
                _writing = WriteAsync(_changed);
            }

            await _writing;
        }
    }

    private async Task WriteAsync(long upTo)
    {
        try
        {
            await write();
            _stored = Math.Max(_stored, upTo);
        }
        catch
        {
            // Memory is ahead of storage: the owner drops its activation so repeats are applied again after a reload.
            onFailure();
            throw;
        }
    }
}
