using System.Data.Common;
using Lapor.Grains.Agencies;
using Lapor.Grains.Indexes;
using Lapor.Hosting.Storage.Indexes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static Lapor.Hosting.Storage.Indexes.IndexDatabase;

namespace Lapor.Hosting.Storage;

/// <summary>
/// Schema version 2's data step. Version 1 kept each agency's inbox, version bookkeeping, totals, escalations and
/// monev days inside its grain-state row; this moves them into the indexes and empties them from the row, one
/// agency per transaction (index rows and the slimmed grain-state row together), so a rerun finds nothing left to do.
/// Only rows still holding version-1 data are touched.
/// </summary>
public static class LegacyAgencyMigration
{
    /// <summary>Moves every version-1 agency row; returns how many agencies were moved.</summary>
    public static async Task<int> RunAsync(LaporStorageOptions options, Serializer? serializer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        serializer ??= CreateSerializer();
        await using var database = new IndexDatabase(options);
        var rows = await database.ReadAsync(async (connection, ct) =>
        {
            var found = new List<(long IdHash, long TypeHash, string Service, long N0, long N1, string Ext, byte[] Payload)>();
            await using var command = Command(connection, null, """
                SELECT grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_id_ext, payload
                  FROM lapor_grain_state WHERE grain_type = 'agency' AND payload IS NOT NULL
                """);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add((Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), reader.GetString(2),
                    Convert.ToInt64(reader.GetValue(3)), Convert.ToInt64(reader.GetValue(4)), reader.GetString(5), (byte[])reader.GetValue(6)));
            }

            return found;
        }, cancellationToken);

        var moved = 0;
        foreach (var row in rows)
        {
            var state = serializer.Deserialize<AgencyState>(row.Payload);
            if (state?.Profile is not { } profile || !state.HoldsLegacyData)
            {
                continue;
            }

            await database.WriteAsync(async (connection, transaction, ct) =>
            {
                await MoveAsync(connection, transaction, profile.Id, state, serializer, ct);
                state.ClearLegacyData();
                await ExecuteAsync(connection, transaction, """
                    UPDATE lapor_grain_state SET payload = @p
                     WHERE grain_id_hash = @h AND grain_type_hash = @t AND service_id = @s AND grain_type = 'agency'
                       AND grain_id_n0 = @n0 AND grain_id_n1 = @n1 AND grain_id_ext = @x
                    """, ct, ("p", serializer.SerializeToArray(state)), ("h", (int)row.IdHash), ("t", (int)row.TypeHash),
                    ("s", row.Service), ("n0", row.N0), ("n1", row.N1), ("x", row.Ext));
                return true;
            }, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static async Task MoveAsync(DbConnection connection, DbTransaction transaction, string agencyId, AgencyState s,
        Serializer serializer, CancellationToken ct)
    {
        foreach (var (complaintId, item) in s.LegacyInbox)
        {
            // Version-1 lines lack kind, channel and region (the index filters on them): take them from the complaint.
            var report = await ReportOfAsync(connection, transaction, complaintId, serializer, ct);
            var filled = report is null ? item : item with
            {
                Kind = report.Kind,
                Channel = report.Channel,
                RegionCode = report.Location.RegionCode,
            };
            var line = new InboxLine(agencyId, s.LegacyApplied.GetValueOrDefault(complaintId, 1), filled);
            await AdoNetInboxIndex.ApplyLineAsync(connection, transaction, complaintId, line, ct);
        }

        foreach (var (complaintId, version) in s.LegacyDeparted.Where(d => !s.LegacyInbox.ContainsKey(d.Key)))
        {
            await AdoNetInboxIndex.ApplyLineAsync(connection, transaction, complaintId, new InboxLine(agencyId, version, null), ct);
        }

        foreach (var (complaintId, version) in s.LegacyMonevVersions)
        {
            await ExecuteAsync(connection, transaction, AdoNetAgencyLedger.RaiseMonevVersion, ct,
                ("a", agencyId), ("c", complaintId), ("v", (long)version));
        }

        foreach (var (day, figures) in s.LegacyMonevDays)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO lapor_monev_day (agency_id, day, revision, figures) VALUES (@a, @d, 1, @f)
                ON CONFLICT (agency_id, day) DO NOTHING
                """, ct, ("a", agencyId), ("d", (long)day), ("f", serializer.SerializeToArray(figures)));
        }

        foreach (var escalation in s.LegacyEscalations)
        {
            await AdoNetAgencyLedger.InsertEscalationAsync(connection, transaction, agencyId, escalation, ct);
        }

        var c = s.LegacyCounters;
        await ExecuteAsync(connection, transaction, """
            INSERT INTO lapor_agency_counters (agency_id, received, followed_up, resolved, breached, escalated, escalations_received)
            VALUES (@a, @r, @f, @s, @b, @e, @x)
            ON CONFLICT (agency_id) DO UPDATE SET received = excluded.received, followed_up = excluded.followed_up,
                resolved = excluded.resolved, breached = excluded.breached, escalated = excluded.escalated,
                escalations_received = excluded.escalations_received
            """, ct, ("a", agencyId), ("r", c.Received), ("f", c.FollowedUp), ("s", c.Resolved), ("b", c.Breached),
            ("e", c.Escalated), ("x", (long)s.LegacyEscalationsReceived));
    }

    private static async Task<Domain.Complaints.ReportData?> ReportOfAsync(DbConnection connection, DbTransaction transaction, string complaintId,
        Serializer serializer, CancellationToken ct)
    {
        await using var command = Command(connection, transaction,
            "SELECT payload FROM lapor_grain_state WHERE grain_type = 'complaint' AND grain_id_ext = @c AND payload IS NOT NULL", ("c", complaintId));
        return await command.ExecuteScalarAsync(ct) is byte[] payload
            ? serializer.Deserialize<Domain.Complaints.ComplaintState>(payload)?.Report
            : null;
    }

    /// <summary>Orleans' serializer with Lapor's types, for tools that run without a silo (the schema command).</summary>
    internal static Serializer CreateSerializer() => new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(AgencyState).Assembly).AddAssembly(typeof(Domain.Monev.MonevFigures).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();
}
