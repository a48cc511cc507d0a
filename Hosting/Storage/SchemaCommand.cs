using Microsoft.Extensions.Configuration;

namespace Lapor.Hosting.Storage;

/// <summary>
/// The silo's <c>schema</c> command line: <c>schema apply</c> installs or upgrades the storage schema in the
/// database configured under <c>Lapor:Storage</c>; <c>schema check</c> reports whether it is ready.
/// </summary>
public static class SchemaCommand
{
    /// <summary>
    /// Handles <c>schema apply</c> / <c>schema check</c>. Returns false (doing nothing) for any other
    /// arguments, so Program.cs can go on to start the silo. Sets <see cref="Environment.ExitCode"/>
    /// to 0 on success and 1 on failure.
    /// </summary>
    public static bool TryRun(string[] args, IConfiguration config) => TryRun(args, config, Console.Out, Console.Error);

    /// <summary>As <see cref="TryRun(string[], IConfiguration)"/>, writing to the given streams.</summary>
    public static bool TryRun(string[] args, IConfiguration config, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || !string.Equals(args[0], "schema", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var verb = args.Length > 1 ? args[1].ToLowerInvariant() : "";
        if (verb is not ("apply" or "check"))
        {
            error.WriteLine("usage: Lapor.Orleans.Silo schema apply|check");
            error.WriteLine("  apply  install or upgrade the storage schema in the database configured under Lapor:Storage");
            error.WriteLine("  check  verify that the schema is present and current (exit code 0 when it is)");
            Environment.ExitCode = 2;
            return true;
        }

        try
        {
            var options = LaporStorageOptions.FromConfiguration(config);
            var connectionString = options.ResolveConnectionString();
            var where = $"{options.Provider} database {SchemaCheck.Describe(options.Provider, connectionString)}";
            if (verb == "apply")
            {
                SchemaInstaller.ApplyAsync(options.Provider, connectionString).GetAwaiter().GetResult();
                output.WriteLine($"Lapor storage schema version {LaporStorage.SchemaVersion} applied to the {where}.");
                Environment.ExitCode = 0;
            }
            else
            {
                var problem = SchemaCheck.FindProblemAsync(options.Provider, connectionString).GetAwaiter().GetResult();
                if (problem is null)
                {
                    output.WriteLine($"Lapor storage schema version {LaporStorage.SchemaVersion} is ready in the {where}.");
                    Environment.ExitCode = 0;
                }
                else
                {
                    error.WriteLine(SchemaCheck.OperatorMessage(options.Provider, connectionString, problem));
                    Environment.ExitCode = 1;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"schema {verb} failed: {e.Message}");
            Environment.ExitCode = 1;
        }

        return true;
    }
}
