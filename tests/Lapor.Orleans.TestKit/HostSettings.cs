namespace Lapor.TestKit;

/// <summary>Environment variables for a host process, by the setting names the hosts read.</summary>
public static class HostSettings
{
    /// <summary>Production profile on a PostgreSQL database.</summary>
    public static Dictionary<string, string> Postgres(string connectionString) => new()
    {
        ["Lapor__Storage__Provider"] = "Postgres",
        ["Lapor__Storage__ConnectionString"] = connectionString,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };
}
