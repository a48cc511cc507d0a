namespace Lapor.TestKit;

/// <summary>
/// A PostgreSQL test: runs against LAPOR_TEST_POSTGRES and fails when it is unset, unless
/// LAPOR_SKIP_POSTGRES=1, in which case it is reported as skipped.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LAPOR_SKIP_POSTGRES") == "1")
        {
            Skip = "LAPOR_SKIP_POSTGRES=1: PostgreSQL tests skipped on request.";
        }
    }
}
