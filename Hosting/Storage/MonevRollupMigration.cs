using Lapor.Domain.Monev;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage.Indexes;
using Orleans.Serialization;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Schema version 3's data step: builds the roll-up rows (db/*/003_monev_rollup.sql) once from version-2 data, in one
/// transaction: each agency's own days (moved from <c>lapor_monev_day</c>) and months, its subtree's days and months
/// (the sum over the agency and every agency below it in the tree the agencies' stored profiles describe), the
/// backlog lines from the inbox index, and one roll-up node per agency. Runs only while no node exists yet, so a
/// rerun, or a database that started at version 3, finds nothing to do.
/// </summary>
public static class MonevRollupMigration
{
    /// <summary>Builds the roll-up from version-2 rows; returns the number of agencies given a node (0: nothing to do).</summary>
    public static async Task<int> RunAsync(LaporStorageOptions options, Serializer serializer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        await using var database = new IndexDatabase(options);
        return await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using (var probe = Command(connection, transaction, "SELECT count(*) FROM lapor_monev_node"))
            {
                if (Convert.ToInt64(await probe.ExecuteScalarAsync(ct)) > 0)
                {
                    return 0;
                }
            }

            var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
            await using (var command = Command(connection, transaction,
                             "SELECT payload FROM lapor_grain_state WHERE grain_type = 'agency' AND payload IS NOT NULL"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (serializer.Deserialize<AgencyState>((byte[])reader.GetValue(0))?.Profile is { } profile)
                    {
                        parents[profile.Id] = profile.ParentId;
                    }
                }
            }

            var ownDays = new List<(string Agency, int Day, MonevFigures Figures)>();
            await using (var command = Command(connection, transaction, "SELECT agency_id, day, figures FROM lapor_monev_day"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ownDays.Add((reader.GetString(0), (int)reader.GetInt64(1), serializer.Deserialize<MonevFigures>((byte[])reader.GetValue(2))!));
                }
            }

            var lines = new List<(string Agency, string Complaint, int Hour)>();
            await using (var command = Command(connection, transaction, "SELECT agency_id, complaint_id, submitted_ms FROM lapor_inbox WHERE active = 1"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    lines.Add((reader.GetString(0), reader.GetString(1), MonevRollup.Hour(At(reader.GetInt64(2)))));
                }
            }

            if (parents.Count == 0 && ownDays.Count == 0 && lines.Count == 0)
            {
                return 0;
            }

            // Ancestors of each agency, itself first; an unknown parent (or a cycle) ends the chain.
            List<string> Chain(string agencyId)
            {
                var chain = new List<string> { agencyId };
                for (var at = parents.GetValueOrDefault(agencyId); at is not null && parents.ContainsKey(at) && !chain.Contains(at);
                     at = parents.GetValueOrDefault(at))
                {
                    chain.Add(at);
                }

                return chain;
            }

            var sums = new Dictionary<(string Agency, SumKey Key), MonevFigures>();
            void Add(string agency, SumKey key, MonevFigures figures)
            {
                if (!sums.TryGetValue((agency, key), out var sum))
                {
                    sums[(agency, key)] = sum = new MonevFigures();
                }

                sum.Merge(figures);
            }

            foreach (var (agency, day, figures) in ownDays)
            {
                Add(agency, SumKey.OwnDay(day), figures);
                Add(agency, SumKey.OwnMonth(day), figures);
                foreach (var member in Chain(agency))
                {
                    Add(member, SumKey.SubtreeDay(day), figures);
                    Add(member, SumKey.SubtreeMonth(day), figures);
                }
            }

            foreach (var ((agency, key), figures) in sums)
            {
                await AdoNetAgencyLedger.WriteSumAsync(connection, transaction, agency, key, 0, serializer.SerializeToArray(figures), ct);
            }

            foreach (var (agency, complaint, hour) in lines)
            {
                await ExecuteAsync(connection, transaction, "INSERT INTO lapor_monev_line (agency_id, complaint_id, hour) VALUES (@a, @c, @h)", ct,
                    ("a", agency), ("c", complaint), ("h", (long)hour));
                await ExecuteAsync(connection, transaction, AdoNetAgencyLedger.AddBacklog, ct,
                    ("a", agency), ("s", (long)MonevRollup.Own), ("h", (long)hour), ("n", 1L));
                foreach (var member in Chain(agency))
                {
                    await ExecuteAsync(connection, transaction, AdoNetAgencyLedger.AddBacklog, ct,
                        ("a", member), ("s", (long)MonevRollup.Subtree), ("h", (long)hour), ("n", 1L));
                }
            }

            // Every agency with rows gets a node, a profile or not (its figures join a parent once it is defined), so a
            // rerun always finds a node and never adds anything twice.
            var agencies = parents.Keys.Concat(ownDays.Select(d => d.Agency)).Concat(lines.Select(l => l.Agency))
                .Distinct(StringComparer.Ordinal).ToDictionary(a => a, _ => 0, StringComparer.Ordinal);
            foreach (var agency in agencies.Keys.ToList())
            {
                foreach (var member in Chain(agency))
                {
                    agencies[member]++;
                }
            }

            foreach (var (agency, count) in agencies)
            {
                var parent = parents.GetValueOrDefault(agency) is { } p && parents.ContainsKey(p) ? p : null;
                await AdoNetAgencyLedger.WriteNodeAsync(connection, transaction, agency, new MonevNode(parent, 1, count), ct);
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM lapor_monev_day", ct);
            return agencies.Count;
        }, cancellationToken);
    }
}
