using System.Globalization;
using System.Security.Cryptography;

namespace Lapor.Cluster.Tests;

/// <summary>The configuration every silo and API process of a test cluster shares.</summary>
public static class ClusterEnvironment
{
    // Shared by every API host of a test cluster (production needs the same keys everywhere).
    public static readonly string ServerKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Environment for a silo or API process of the test cluster <paramref name="clusterId"/> on PostgreSQL.</summary>
    public static Dictionary<string, string> For(string connectionString, string clusterId, string logLevel = "Warning")
    {
        var env = HostSettings.Postgres(connectionString);
        env["Lapor__Cluster__ClusterId"] = clusterId;
        env["Lapor__Cluster__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
        env["Lapor__Cluster__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
        env["Lapor__Cluster__MinimumReminderPeriod"] = "00:00:05";
        env["Lapor__Engine__ReminderPeriod"] = "00:00:05";
        env["Lapor__Security__ServerKey"] = ServerKey;
        env["Lapor__Auth__SigningKey"] = SigningKey;
        env["Lapor__Auth__DevTokens"] = "true";
        // Plain HTTP on loopback, and no abuse limits: the tests file bursts of complaints from one address.
        env["Lapor__Http__EnforceHttps"] = "false";
        env["Lapor__RateLimits__Enabled"] = "false";
        env["Logging__LogLevel__Default"] = logLevel;
        env["Logging__Console__FormatterName"] = "simple";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        return env;
    }
}
