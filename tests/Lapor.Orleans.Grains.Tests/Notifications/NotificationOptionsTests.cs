using Lapor.Hosting.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lapor.Grains.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void By_default_finished_rows_are_kept_90_days_plus_a_day_of_grace_and_older_events_are_not_recorded()
    {
        var options = Options([]);

        Assert.Empty(options.Problems());
        Assert.Equal(Now.AddDays(-90), options.RecordsFrom(Now));
        Assert.Equal(Now.AddDays(-91), options.PurgesBefore(Now));
    }

    [Fact]
    public void An_operator_who_keeps_every_row_purges_nothing_and_still_records_no_event_older_than_the_retention()
    {
        var options = Options(new() { ["Lapor:Notifications:PurgeFinished"] = "false" });

        Assert.Null(options.PurgesBefore(Now));
        Assert.Equal(Now.AddDays(-90), options.RecordsFrom(Now)); // switched off after a purge ran, nothing purged comes back
    }

    [Theory]
    [InlineData("Retention", "00:00:00")]
    [InlineData("PurgeSweep", "-00:01:00")]
    public void A_duration_that_is_not_positive_is_refused_by_its_key(string key, string value)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Options(new() { [$"Lapor:Notifications:{key}"] = value }));
        Assert.Equal($"Lapor:Notifications:{key} must be a positive duration (hh:mm:ss), not {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)}.",
            Assert.Single(refused.Failures));
    }

    /// <summary>The notification options as a host built with these settings reads them.</summary>
    private static NotificationOptions Options(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLaporNotifications(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<NotificationOptions>>().Value;
    }
}
