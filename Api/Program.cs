using Lapor.Orleans.Api;
using Lapor.Orleans.Silo.Storage;

// `schema apply` / `schema check` manage the database instead of starting the server.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (SchemaCommand.TryRun(args, configuration))
{
    return;
}

await LaporApi.Build(args).RunAsync();

/// <summary>The API host's entry point.</summary>
public partial class Program;
