using Lapor.Api.Http;

namespace Lapor.Api.Tests.Http;

/// <summary>
/// The front door retries an idempotent grain call on a fault that passes quickly (a silo gone, a rejected message),
/// but not after a timeout: the caller has already waited a whole grain-call timeout, and is answered 503 instead.
/// </summary>
public sealed class TransientTests
{
    [Fact]
    public async Task A_call_to_a_silo_that_went_away_is_tried_again()
    {
        var calls = 0;

        var answer = await Transient.RetryAsync(() => ++calls < 3 ? throw new SiloUnavailableException("pergi") : Task.FromResult("ok"));

        Assert.Equal(("ok", 3), (answer, calls));
    }

    [Fact]
    public async Task A_call_that_timed_out_is_not_tried_again()
    {
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => Transient.RetryAsync<string>(() =>
        {
            calls++;
            throw new TimeoutException("Response did not arrive on time");
        }));

        Assert.Equal(1, calls);
        Assert.True(Transient.IsTransient(new TimeoutException()));
    }

    [Fact]
    public async Task A_fault_that_is_not_transient_is_not_tried_again()
    {
        var calls = 0;

        await Assert.ThrowsAsync<ArgumentException>(() => Transient.RetryAsync<string>(() =>
        {
            calls++;
            throw new ArgumentException("salah");
        }));

        Assert.Equal(1, calls);
    }
}
