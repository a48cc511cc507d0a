using Microsoft.Extensions.Configuration;

namespace Lapor.Hosting;

/// <summary>
/// Whether this deployment runs the Orleans Dashboard (<c>Lapor:Dashboard:Enabled</c>, on unless set to false). Every
/// process of a cluster must agree: silos run its grains and its once-a-second meter reader, which walks every activation
/// (docs/operations.md), and the API serves its page from them.
/// </summary>
public static class LaporDashboard
{
    public const string EnabledKey = "Lapor:Dashboard:Enabled";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, true);
}
