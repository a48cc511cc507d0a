using System.Text.Json.Nodes;

namespace Lapor.TestKit;

/// <summary>Data written by earlier builds and committed as test fixtures (each folder has a README saying how).</summary>
public static class FixtureData
{
    /// <summary>
    /// An embedded data folder (lapor.db, server.key) written by the build before the restructure (be77807), with the
    /// submission answers of its three complaints as a.json, b.json and c.json.
    /// </summary>
    public static string V1Embedded => Repo.Combine("tests", "Lapor.Orleans.Storage.Tests", "Fixtures", "v1-embedded");

    /// <summary>One of the v1 submission answers ("a", "b" or "c"): tracking code, reporter secret, complaint as submitted.</summary>
    public static LaporClient.Submitted V1Submission(string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(V1Embedded, name + ".json")))!.AsObject();
        return new LaporClient.Submitted(json["trackingCode"]!.GetValue<string>(), json["secret"]!.GetValue<string>(), json["complaint"]!.AsObject());
    }
}
