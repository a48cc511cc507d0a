using Lapor.Orleans.Silo;
using Lapor.Orleans.Silo.Storage;

// The standalone silo host: no HTTP, joins (or forms) the cluster described by configuration.
// `schema apply` / `schema check` manage the database schema instead of starting a silo.
var builder = Host.CreateApplicationBuilder(args);
if (SchemaCommand.TryRun(args, builder.Configuration))
{
    return;
}

builder.UseOrleans(silo => silo.AddLapor(builder.Configuration));
await builder.Build().RunAsync();
