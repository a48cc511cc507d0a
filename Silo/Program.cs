using Lapor.Hosting;
using Lapor.Hosting.Storage;
using Microsoft.Extensions.Options;

// The standalone silo host: no HTTP, joins (or forms) the cluster described by configuration.
// `schema apply` / `schema check` manage the database schema instead of starting a silo.
var builder = Host.CreateApplicationBuilder(HostArguments.WithDefaults(args));
if (SchemaCommand.TryRun(args, builder.Configuration))
{
    return;
}

builder.UseOrleans(silo => silo.AddLapor(builder.Configuration));
builder.Services.AddLaporTelemetry(builder.Configuration, "lapor-silo");
try
{
    await builder.Build().RunAsync();
}
catch (Exception e) when (Find<LaporSchemaException>(e) is { } schema)
{
    // An operator problem, not a crash: say what to run and exit non-zero without a stack trace.
    await Console.Error.WriteLineAsync("Lapor silo not started: " + schema.Message);
    Environment.ExitCode = 3;
}
catch (Exception e) when (Find<OptionsValidationException>(e) is { } settings)
{
    await Console.Error.WriteLineAsync("Lapor silo not started: " + string.Join(" ", settings.Failures));
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
