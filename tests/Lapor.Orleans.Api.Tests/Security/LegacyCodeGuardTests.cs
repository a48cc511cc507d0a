using Lapor.Api.Complaints;
using Lapor.Api.Http;
using Microsoft.Extensions.Time.Testing;

namespace Lapor.Api.Tests.Security;

/// <summary>The per-address budget of first-format code misses, on its own.</summary>
public sealed class LegacyCodeGuardTests
{
    [Fact]
    public void Misses_spend_the_budget_and_it_refills_with_the_clock()
    {
        var clock = new FakeTimeProvider();
        var guard = new LegacyCodeGuard(new RateLimitSettings { LegacyCodeMisses = new() { Burst = 2, PerMinute = 1 } }, clock);
        for (var i = 0; i < 2; i++)
        {
            Assert.Null(guard.Wait("203.0.113.1"));
            guard.Missed("203.0.113.1");
        }

        Assert.Equal(TimeSpan.FromMinutes(1), guard.Wait("203.0.113.1"));
        Assert.Null(guard.Wait("203.0.113.2"));

        // One miss back per minute.
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(guard.Wait("203.0.113.1"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(guard.Wait("203.0.113.1"));
        guard.Missed("203.0.113.1");
        Assert.NotNull(guard.Wait("203.0.113.1"));
    }
}
