using Lapor.Api;
using Lapor.Hosting.Storage;

// `schema apply` / `schema check` manage the database instead of starting the server.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (SchemaCommand.TryRun(args, configuration))
{
    return;
}

try
{
    await LaporApi.Build(args).RunAsync();
}
catch (Exception e) when (SchemaProblem(e) is { } schema)
{
    await Console.Error.WriteLineAsync("Lapor API not started: " + schema.Message);
    Environment.ExitCode = 3;
}

static LaporSchemaException? SchemaProblem(Exception? e)
{
    for (; e is not null; e = e.InnerException ?? (e as AggregateException)?.InnerExceptions.FirstOrDefault())
    {
        if (e is LaporSchemaException schema)
        {
            return schema;
        }
    }

    return null;
}

/// <summary>The API host's entry point.</summary>
public partial class Program;
