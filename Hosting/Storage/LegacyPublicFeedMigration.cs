using Lapor.Grains.Complaints;
using Lapor.Hosting.Storage.Indexes;
using Orleans.Serialization;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Schema version 8's data step. Up to version 7 the public list was one grain's state (the newest 2,000 published
/// complaints); this moves its lines, with their versions, into <c>lapor_public</c> and deletes the row in the same
/// transaction, so a rerun finds nothing to do.
/// </summary>
public static class LegacyPublicFeedMigration
{
    /// <summary>Moves the old feed's lines; returns how many were moved.</summary>
    public static async Task<int> RunAsync(LaporStorageOptions options, Serializer serializer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        await using var database = new IndexDatabase(options);
        return await database.WriteAsync(async (connection, transaction, ct) =>
        {
            var payloads = new List<byte[]>();
            await using (var command = Command(connection, transaction,
                "SELECT payload FROM lapor_grain_state WHERE grain_type = 'publicfeed' AND payload IS NOT NULL"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    payloads.Add((byte[])reader.GetValue(0));
                }
            }

            var moved = 0;
            foreach (var state in payloads.Select(p => serializer.Deserialize<PublicFeedState>(p)).OfType<PublicFeedState>())
            {
                foreach (var (id, version) in state.Versions)
                {
                    await AdoNetPublicIndex.ApplyAsync(connection, transaction, id, version, state.Items.GetValueOrDefault(id), ct);
                    moved++;
                }
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM lapor_grain_state WHERE grain_type = 'publicfeed'", ct);
            return moved;
        }, cancellationToken);
    }
}
