namespace Lapor.Grains.Infrastructure;

/// <summary>
/// Runs async work one item after another, in call order, inside a grain whose calls interleave. Orleans runs one turn
/// of a grain at a time, so the queue needs no locks; it only keeps a later item from starting while an earlier one
/// is awaiting storage.
/// </summary>
public sealed class TurnQueue
{
    private Task _tail = Task.CompletedTask;

    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var previous = _tail;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tail = mine.Task;
        try
        {
            await previous;
            return await work();
        }
        finally
        {
            mine.SetResult();
        }
    }

    public Task RunAsync(Func<Task> work) => RunAsync(async () =>
    {
        await work();
        return true;
    });
}
