using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace Lapor.Api.Tests.Compatibility;

/// <summary>
/// This build's API host (co-hosted silo, embedded SQLite, real HTTP) started on a copy of the data folder the build
/// before the restructure wrote (tests/Lapor.Orleans.Storage.Tests/Fixtures/v1-embedded, see its README), with every
/// clock of the engine a fake one: the grains, the reminder service and the token lifetime check. It starts just
/// after the data was written, so nothing is due until the test moves the clock.
/// </summary>
public sealed class V1EmbeddedApiHost() : ApiHost(TempFolder.CopyOf(FixtureData.V1Embedded, "lapor-v1-embedded"))
{
    /// <summary>30 November 2026, 20:00 UTC: 55 minutes after the last row was written.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    /// <summary>a: in progress at malang-dishub. b: closed with rating 4. c: awaiting verification at nasional.</summary>
    public static readonly LaporClient.Submitted A = FixtureData.V1Submission("a");

    public static readonly LaporClient.Submitted B = FixtureData.V1Submission("b");

    public static readonly LaporClient.Submitted C = FixtureData.V1Submission("c");

    public FakeTimeProvider Clock { get; } = new(Start);

    protected override void Configure(WebApplicationBuilder builder)
    {
        // After the host's own registrations (TimeProvider.System): grains and the reminder service see the fake
        // clock; membership, messaging and the other background loops keep real time.
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Clock);
        builder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        // Demo tokens are issued on the host's clock; JwtBearer checks their lifetime on the wall clock: check it on
        // the same clock instead (same rule: not before, not after, five minutes' skew).
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = Clock.GetUtcNow().UtcDateTime;
                return (notBefore is not { } from || from <= now + parameters.ClockSkew)
                    && (expires is not { } until || until >= now - parameters.ClockSkew);
            });
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/> in 30-minute steps, yielding a little real time after each so the
    /// reminder timers the step fired deliver their ticks; then forgets tokens issued before the move.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset target, LaporClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var step = TimeSpan.FromMinutes(30);
        while (Clock.GetUtcNow() < target)
        {
            var left = target - Clock.GetUtcNow();
            Clock.Advance(left < step ? left : step);
            await Task.Delay(20);
        }

        api.ForgetTokens();
    }

    /// <summary>Monev of one agency, one bucket a day from <paramref name="from"/> to <paramref name="to"/>, as Admin Nasional.</summary>
    public static Task<JsonObject> MonevAsync(LaporClient api, string agencyId, string scope, string from, string to) =>
        api.ReadAsync($"/api/monev/agencies/{agencyId}?period=day&from={from}&to={to}&scope={scope}", "admin.nasional");

    /// <summary>The bucket of one day in a <see cref="MonevAsync"/> answer.</summary>
    public static JsonNode Day(JsonObject monev, string day) =>
        monev["periods"]!.AsArray().Single(p => p!["period"]!.GetValue<string>() == day)!;

    public static long Count(JsonNode indicators, string name) => indicators[name]!.GetValue<long>();

    /// <summary>Sum of a count-by-key map (breaches, channels …).</summary>
    public static long Sum(JsonNode indicators, string name) =>
        indicators[name]!.AsObject().Sum(p => p.Value!.GetValue<long>());

    public static string[] Actions(JsonObject complaint) =>
        [.. complaint["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
