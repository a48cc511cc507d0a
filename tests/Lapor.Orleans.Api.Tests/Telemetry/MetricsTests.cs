using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Lapor.Api.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lapor.Api.Tests.Telemetry;

/// <summary>The project's metrics (meter Lapor.Api) move with real traffic and the agency-tree sample.</summary>
[Collection(ApiCollection.Name)]
public sealed class MetricsTests(ApiHost host)
{
    [Fact]
    public async Task Submissions_actions_refusals_and_inbox_sizes_are_measured()
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentBag<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LaporMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        using var api = host.Client();
        var (code, _, _) = await api.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/complaints/{code}/route", new { agencyId = "kota-malang" }, user: "admin.nasional")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/public/complaints/LPR-0000000000-000")).StatusCode);

        Assert.Contains(measured, m => m is { Instrument: "lapor.complaints.submitted", Value: 1 }
            && (string?)m.Tags["outcome"] == "created" && (string?)m.Tags["kind"] == "complaint" && (string?)m.Tags["channel"] == "web");
        Assert.Contains(measured, m => m.Instrument == "lapor.complaints.actions" && (string?)m.Tags["action"] == "route" && (string?)m.Tags["outcome"] == "ok");
        Assert.Contains(measured, m => m.Instrument == "lapor.tracking_codes.refused" && (string?)m.Tags["reason"] == "invalid");

        await host.Services.GetRequiredService<LaporMetrics>().SampleAsync(host.Services.GetRequiredService<IGrainFactory>(), CancellationToken.None);
        listener.RecordObservableInstruments();
        Assert.Contains(measured, m => m.Instrument == "lapor.agency.inbox.active" && (string?)m.Tags["agency"] == "kota-malang" && m.Value >= 1);
        Assert.Contains(measured, m => m.Instrument == "lapor.agency.breaches" && (string?)m.Tags["agency"] == "nasional");
        Assert.Contains(measured, m => m.Instrument == "lapor.agency.escalations" && (string?)m.Tags["agency"] == "malang-dishub");
    }
}
