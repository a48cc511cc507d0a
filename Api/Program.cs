using Lapor.Api;
using Lapor.Api.Auth;
using Lapor.Hosting.Storage;
using Microsoft.Extensions.Options;

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
catch (Exception e) when (Find<LaporSchemaException>(e) is { } schema)
{
    await Console.Error.WriteLineAsync("Lapor API not started: " + schema.Message);
    Environment.ExitCode = 3;
}
catch (Exception e) when (Find<OptionsValidationException>(e) is { } settings)
{
    // A bad setting is the operator's to fix: name it and exit non-zero without a stack trace.
    await Console.Error.WriteLineAsync("Lapor API not started: " + string.Join(" ", settings.Failures));
    Environment.ExitCode = 2;
}

static T? Find<T>(Exception? e) where T : Exception
{
    for (; e is not null; e = e.InnerException ?? (e as AggregateException)?.InnerExceptions.FirstOrDefault())
    {
        if (e is T t)
        {
            return t;
        }
    }

    return null;
}

/// <summary>The API host's entry point.</summary>
public partial class Program;
