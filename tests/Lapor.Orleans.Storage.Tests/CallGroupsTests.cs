using Lapor.Hosting.Storage;

namespace Lapor.Storage.Tests;

/// <summary>
/// Calls gathered into groups while one group runs: a group holds at most <see cref="CallGroups{TItem, TAnswer}.MaxGroup"/>
/// calls, except that calls made together (a new grain's insert and its first reminder) are never split between two.
/// </summary>
public sealed class CallGroupsTests
{
    [Fact]
    public async Task Calls_made_together_stay_in_one_group_where_the_backlog_is_cut()
    {
        var groups = new List<string[]>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new CallGroups<string, string>(async group =>
        {
            lock (groups)
            {
                groups.Add([.. group]);
            }

            started.TrySetResult();
            await release.Task;
            return [.. group.Select(item => item + "!")];
        });

        // The first call runs alone and holds its group; the backlog behind it is one call short of a full group, then a pair.
        var first = calls.CallAsync("first");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var backlog = Enumerable.Range(0, CallGroups<string, string>.MaxGroup - 1).Select(i => calls.CallAsync($"c{i}")).ToArray();
        var pair = calls.CallTogetherAsync(["insert", "reminder"]);
        var after = calls.CallAsync("after");
        release.SetResult();

        Assert.Equal(["insert!", "reminder!"], await pair);
        await Task.WhenAll([first, after, .. backlog]);
        Assert.Equal(3, groups.Count);
        Assert.Equal(["first"], groups[0]);
        Assert.Equal(CallGroups<string, string>.MaxGroup + 1, groups[1].Length);
        Assert.Equal(["insert", "reminder"], groups[1][^2..]);
        Assert.Equal(["after"], groups[2]);
    }
}
