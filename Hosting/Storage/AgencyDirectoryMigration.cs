using Lapor.Grains.Agencies;
using Lapor.Hosting.Storage.Indexes;
using Orleans.Serialization;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Schema version 10's data step: lists every agency the stored agency states define in <c>lapor_agencies</c>, in one
/// transaction, at the revision each state holds. Runs only while the directory is empty, so a rerun, or a database
/// that started at version 10, finds nothing to do; from then on each agency's grain keeps its own row.
/// </summary>
public static class AgencyDirectoryMigration
{
    /// <summary>Lists the stored agencies; returns how many were listed (0: nothing to do).</summary>
    public static async Task<int> RunAsync(LaporStorageOptions options, Serializer serializer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        await using var database = new IndexDatabase(options);
        return await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using (var probe = Command(connection, transaction, "SELECT 1 FROM lapor_agencies LIMIT 1"))
            {
                if (await probe.ExecuteScalarAsync(ct) is not null)
                {
                    return 0;
                }
            }

            var states = new List<AgencyState>();
            await using (var command = Command(connection, transaction,
                             "SELECT payload FROM lapor_grain_state WHERE grain_type = 'agency' AND payload IS NOT NULL"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (serializer.Deserialize<AgencyState>((byte[])reader.GetValue(0)) is { Profile: not null } state)
                    {
                        states.Add(state);
                    }
                }
            }

            foreach (var state in states)
            {
                await AdoNetAgencyIndex.ApplyAsync(connection, transaction, state.Profile!, state.Revision, ct);
            }

            return states.Count;
        }, cancellationToken);
    }
}
