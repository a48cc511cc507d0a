using Lapor.Api;
using Lapor.Api.Auth;
using Lapor.Hosting.Storage;

// `schema apply` / `schema check` manage the database and `admin create` makes a local staff account, instead of
// starting the server.
args = LaporApi.ExpandSwitches(args);
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (SchemaCommand.TryRun(args, configuration) || AdminCommand.TryRun(args, configuration, Console.Out))
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
