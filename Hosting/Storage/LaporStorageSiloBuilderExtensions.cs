using Lapor.Grains.Infrastructure;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lapor.Hosting.Storage;

/// <summary>Wires Lapor's ADO.NET storage into a silo.</summary>
public static class LaporStorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers grain storage <see cref="LaporStorage.Name"/> (Orleans' own version-tolerant serializer),
    /// ADO.NET reminders, and for PostgreSQL ADO.NET clustering (for SQLite the caller chooses clustering,
    /// normally localhost clustering). Before any provider touches the database, at the very first silo
    /// lifecycle stage, the schema is applied (<see cref="DeploymentProfile.AppliesSchemaOnStart"/>)
    /// or verified; a missing schema stops the silo with a <see cref="LaporSchemaException"/> naming the
    /// command to run.
    /// </summary>
    public static ISiloBuilder UseLaporStorage(this ISiloBuilder builder, LaporStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        var provider = options.Provider;
        var connectionString = options.ResolveConnectionString();
        var invariant = options.AdoInvariant;
        var applySchema = DeploymentProfile.ForStorage(options).AppliesSchemaOnStart;

        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
            new LaporSchemaStartup(provider, connectionString, applySchema, sp.GetRequiredService<Serializer>(),
                sp.GetService<ILogger<LaporSchemaStartup>>() ?? NullLogger<LaporSchemaStartup>.Instance));

        builder.AddAdoNetGrainStorage(LaporStorage.Name, optionsBuilder =>
            optionsBuilder.Configure<Serializer>((storage, serializer) =>
            {
                storage.Invariant = invariant;
                storage.ConnectionString = connectionString;
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));

        builder.Services.AddLaporIndexes(options);
        builder.Services.AddSingleton<ProviderStatementGroups>();
        BatchGrainStateWrites(builder.Services);
        // Before the engine binds Lapor:Engine (AddLaporEngine comes after the storage), so a setting there still wins.
        builder.Services.Configure<EngineOptions>(engine => engine.WriteNewComplaintWithReminder = true);
        if (provider == LaporStorageProvider.Sqlite && options.SqliteSynchronous == SqliteSynchronous.Full)
        {
            MakeGrainWritesDurable(builder.Services);
        }

        builder.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = invariant;
            reminders.ConnectionString = connectionString;
        });
        BatchReminderUpserts(builder.Services);

        if (provider == LaporStorageProvider.Postgres)
        {
            builder.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = invariant;
                clustering.ConnectionString = connectionString;
            });
        }

        return builder;
    }

    /// <summary>
    /// Wraps the grain storage just registered so that its writes wait for the shared log sync. Reminders stay as they
    /// are: an earlier reminder is written before the grain state whose write then syncs it too (the log is synced as a
    /// whole), one that moves later may be lost on a power cut only to leave the earlier one, which re-arms, and a new
    /// complaint's first one, written with its state, is answered only after a sync the complaint awaits
    /// (<see cref="Lapor.Grains.Infrastructure.ICommitDurability"/>).
    /// </summary>
    private static void MakeGrainWritesDurable(IServiceCollection services) =>
        WrapGrainStorage(services, (sp, inner) => new DurableGrainStorage(inner, sp.GetRequiredService<IndexDatabase>().Durability!));

    /// <summary>
    /// Wraps the grain storage just registered so that concurrent state writes share a commit (on PostgreSQL a round trip
    /// too; <see cref="BatchingGrainStorage"/>).
    /// </summary>
    private static void BatchGrainStateWrites(IServiceCollection services) =>
        WrapGrainStorage(services, (sp, inner) => new BatchingGrainStorage((AdoNetGrainStorage)inner, sp.GetRequiredService<ProviderStatementGroups>(),
            sp.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(LaporStorage.Name).GrainStorageSerializer,
            sp.GetRequiredService<Orleans.Serialization.Serializers.IActivatorProvider>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, LaporStorage.Name));

    private static void WrapGrainStorage(IServiceCollection services, Func<IServiceProvider, IGrainStorage, IGrainStorage> wrap)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, LaporStorage.Name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException("Orleans registered the ADO.NET grain storage without a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(LaporStorage.Name, (sp, key) => wrap(sp, (IGrainStorage)create(sp, key)));
    }

    /// <summary>
    /// Wraps the ADO.NET reminder table just registered so that concurrent upserts share a round trip and a commit
    /// (<see cref="BatchingReminderTable"/>).
    /// </summary>
    private static void BatchReminderUpserts(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService);
        var type = registered.ImplementationType
            ?? throw new InvalidOperationException("Orleans registered the ADO.NET reminder table without a type.");
        services.Remove(registered);
        services.AddSingleton<IReminderTable>(sp => new BatchingReminderTable((IReminderTable)ActivatorUtilities.CreateInstance(sp, type),
            sp.GetRequiredService<IndexDatabase>(), sp.GetRequiredService<IOptions<ClusterOptions>>(), sp.GetRequiredService<ProviderStatementGroups>()));
    }

    /// <summary>Binds <c>Lapor:Storage</c> from the host configuration and calls the overload above.</summary>
    public static ISiloBuilder UseLaporStorage(this ISiloBuilder builder, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        builder.UseLaporStorage(LaporStorageOptions.FromConfiguration(configuration));
}

/// <summary>Applies or checks the schema at <see cref="ServiceLifecycleStage.First"/>, before any ADO.NET provider runs.</summary>
internal sealed class LaporSchemaStartup(
    LaporStorageProvider provider, string connectionString, bool applySchema, Serializer serializer, ILogger<LaporSchemaStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LaporSchemaStartup), ServiceLifecycleStage.First, OnStartAsync);

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (applySchema)
        {
            await SchemaInstaller.ApplyAsync(provider, connectionString, serializer, cancellationToken);
            logger.LogInformation("Lapor storage schema version {Version} applied to {Provider} database {Database}",
                LaporStorage.SchemaVersion, provider, SchemaCheck.Describe(provider, connectionString));
        }

        await SchemaCheck.EnsureAsync(provider, connectionString, cancellationToken);
    }
}
