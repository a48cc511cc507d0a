using System.Text.Json.Nodes;

namespace Lapor.Cluster.Tests;

public static class Timeline
{
    public static IEnumerable<string> Actions(JsonObject complaint) =>
        complaint["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>());

    public static bool DeadlineFired(JsonObject complaint) =>
        Actions(complaint).Any(a => a is "escalated" or "national-intervention");
}
