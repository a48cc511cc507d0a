using Lapor.Hosting.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Lapor.Api.Http;

/// <summary>PostgreSQL mode: ready only while the database answers <c>SELECT 1</c> within two seconds.</summary>
public sealed class DatabaseHealthCheck : IHealthCheck, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public DatabaseHealthCheck(IConfiguration configuration)
    {
        var options = LaporStorageOptions.FromConfiguration(configuration);
        var builder = new NpgsqlConnectionStringBuilder(options.ResolveConnectionString())
        {
            Timeout = 2,
            CommandTimeout = 2,
            MaxPoolSize = 2,
            ApplicationName = "lapor-health",
        };
        _dataSource = NpgsqlDataSource.Create(builder.ToString());
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("Basis data tidak menjawab.");
        }
    }

    public void Dispose() => _dataSource.Dispose();
}
