using Lapor.Grains.Infrastructure;
using Lapor.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Tests.Infrastructure;

public sealed class EngineOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new EngineOptions().Problems());
        Assert.Equal(TimeSpan.FromSeconds(2), Options([]).RollUpWait);
    }

    [Theory]
    [InlineData("RollUpWait", "00:00:00")]
    [InlineData("RollUpRetry", "-00:01:00")]
    [InlineData("ReminderPeriod", "00:00:00")]
    [InlineData("DeliveryCheck", "-00:00:01")]
    public void A_duration_that_is_not_positive_is_refused_by_its_key(string key, string value)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Options(new() { [$"Lapor:Engine:{key}"] = value }));
        Assert.Equal($"Lapor:Engine:{key} must be a positive duration (hh:mm:ss), not {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)}.",
            Assert.Single(refused.Failures));
    }

    /// <summary>The engine's options as a host built with these settings reads them.</summary>
    private static EngineOptions Options(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLaporEngineServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EngineOptions>>().Value;
    }
}
